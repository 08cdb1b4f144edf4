import XCTest
@testable import ErrataKit

/// Search quality: queries written the way a person types them, each with
/// the record (or, for true duplicates across environments, the records) a
/// good answer puts in the top three. Run over the built-in seeds plus the
/// deadends.dev corpus.
final class RankingTests: XCTestCase {
    static let cases: [(query: String, expected: [String])] = [
        ("certificate verify failed upstream nginx", ["nginx/ssl-certificate-verify-failed"]),
        ("too many open files python", ["python/oserror-too-many-open-files/py311-linux"]),
        ("dictionary changed size during iteration", ["python/runtimeerror-dict-changed-size/py311-linux"]),
        ("failed to compute cache key", ["docker/buildkit-cache-key-failed/docker27-linux"]),
        ("container name already in use", ["docker/container-already-in-use/docker27-linux"]),
        ("git index-pack failed", ["git/index-pack-failed/git2-linux"]),
        ("pod stuck in containercreating", ["kubernetes/container-creating-stuck/k8s128-linux"]),
        ("missing lifetime specifier", ["rust/e0106-missing-lifetime/rust1-linux"]),
        ("E0502", ["rust/e0502-mutable-immutable-borrow/rust1-linux"]),
        ("cannot unmarshal string into go struct field", ["go/json-unmarshal-wrong-type/go1-linux"]),
        ("nginx directory index forbidden", ["nginx/directory-index-forbidden/nginx1-linux"]),
        ("java heap space outofmemory", ["java/outofmemoryerror-heap/jdk17-linux"]),
        ("TS2564", ["typescript/ts2564-no-initializer/ts5-linux"]),
        ("cannot find name typescript", ["typescript/ts2304-cannot-find-name/ts5-linux"]),
        ("cuda context is destroyed", ["cuda/context-destroyed/cuda12-linux"]),
        ("for_each sensitive values terraform", ["terraform/for-each-sensitive/tf1-linux"]),
        ("cloudwatch log group already exists", ["aws/cloudwatch-log-group-exists/aws-cli2-linux"]),
        ("lambda unzipped size too large", ["aws/lambda-package-too-large/awscli2-linux"]),
        ("could not find a version that satisfies the requirement", ["pip/could-not-find-version/pip24-linux"]),
        ("CLUSTERDOWN", ["redis/clusterdown/redis7-linux"]),
        ("redis busy running a script", ["redis/busy-script-running/redis7-linux"]),
        ("change stream resume token expired", ["mongodb/change-stream-error/mongo7-linux"]),
        ("cannot destructure property of usecontext", ["react/context-value-undefined/react18-linux"]),
        ("minified react error", ["react/minified-react-error/react18-linux"]),
        ("permission denied docker daemon socket", ["docker/permission-denied-sock/docker24-linux", "docker/permission-denied-sock/docker24-wsl2"]),
        ("ERR_MODULE_NOT_FOUND", ["node/err-module-not-found/node20-linux", "node/err-module-not-found-esm/node20-linux"]),
        ("relation does not exist postgres", ["database/relation-does-not-exist/pg16-linux"]),
        ("deadlock detected psycopg2", ["database/deadlock-detected/pg16-linux"]),
        ("password authentication failed for user", ["database/authentication-failed/pg16-linux"]),
        ("all goroutines are asleep", ["go/channel-deadlock/go1.22-linux", "go/channel-deadlock/go1-linux"]),
        ("nil pointer dereference go", ["go/nil-pointer-dereference/go1-linux", "go/nil-pointer-dereference/go121-linux"]),
        ("ImagePullBackOff", ["kubernetes/imagepullbackoff/k8s1-linux", "kubernetes/imagepullbackoff/k8s128-linux"]),
        ("CrashLoopBackOff kubernetes", ["kubernetes/crashloopbackoff/k8s1-linux", "kubernetes/crashloopbackoff/k8s128-linux"]),
        ("hydration failed nextjs", ["nextjs/hydration-failed/nextjs14-linux"]),
        ("ENOSPC file watchers", ["node/enospc-system-limit-watchers/node20-linux"]),
        ("npm ERESOLVE peer dependency", ["node/npm-peer-deps-conflict/node20-linux"]),
        ("externally-managed-environment pip", ["pip/externally-managed-environment/pip24-linux", "pip/externally-managed-environment/pip23-linux"]),
        ("maximum recursion depth exceeded", ["python/recursion-limit-exceeded/py311-linux"]),
        ("ConcurrentModificationException", ["java/concurrentmodificationexception/jdk17-linux"]),
        ("dataloader worker killed", ["pytorch/dataloader-worker-killed/pt2-linux", "pytorch/dataloader-worker-killed/pytorch2-linux"]),
        ("terraform error acquiring the state lock", ["terraform/state-lock-error/tf1-linux", "terraform/state-lock-error/tf115-linux", "terraform/state-lock-dynamodb/tf1-linux", "terraform/tf-state-lock-conflict/tf1.7-linux"]),
        ("nginx upstream sent too big header", ["nginx/proxy-buffer-error/nginx1-linux"]),
        ("you are in detached head state", ["git/detached-head/git2-linux"]),
        ("support for password authentication was removed github", ["git/credential-rejected/git2-linux"]),
        ("exit code 137 oomkilled docker", ["docker/exit-code-137/docker27-linux"]),
        ("EADDRINUSE 3000", ["node/eaddrinuse-port/node20-linux", "node/eaddrinuse-port/node20-macos", "node/next-dev-port-conflict/node20-linux"]),
        ("s3 nosuchbucket", ["aws/s3-nosuchbucket/aws-cli2-linux"]),
        ("证书 验证", ["nginx/ssl-certificate-verify-failed"]),
    ]

    func testHitAt3OnTheCorpus() throws {
        try Fixtures.requireCorpus()
        let (db, _) = try Fixtures.database()
        let importer = Importer(store: RecordStore(db))
        _ = try importer.importSources(Schema.builtinSeeds.map { InputSource.text(name: $0.path, text: $0.text) } + (try Fixtures.canonFiles()).map(InputSource.path), options: ImportOptions())
        let searcher = Searcher(db: db)
        var hits = 0
        var first = 0
        var misses: [String] = []
        for (query, expected) in Self.cases {
            let ids = try searcher.search(query, limit: 3).hits.map(\.id)
            if ids.contains(where: expected.contains) {
                hits += 1
                if expected.contains(ids.first ?? "") { first += 1 }
            } else {
                misses.append("\(query) -> \(ids)")
            }
        }
        let hitAt3 = Double(hits) / Double(Self.cases.count)
        print("ranking: \(Self.cases.count) queries, hit@1 \(String(format: "%.3f", Double(first) / Double(Self.cases.count))), hit@3 \(String(format: "%.3f", hitAt3))")
        for miss in misses { print("ranking miss: \(miss)") }
        XCTAssertGreaterThanOrEqual(Self.cases.count, 40)
        XCTAssertGreaterThanOrEqual(hitAt3, 0.9)
    }

    /// Records of one `domain/slug` are one error in other environments:
    /// one hit with its variants, so that the top results are distinct
    /// errors; `groupVariants: false` keeps the flat list.
    func testEnvironmentsOfOneErrorAreOneHit() throws {
        try Fixtures.requireCorpus()
        let db = try MatchQuality.corpusDatabase()
        let query = "permission denied while trying to connect to the docker daemon socket"
        let grouped = try Searcher(db: db).search(query, limit: 5)
        let flat = try Searcher(db: db).search(query, limit: 5, groupVariants: false)
        let key = { (id: String) in id.split(separator: "/").prefix(2).joined(separator: "/") }
        XCTAssertEqual(Set(grouped.hits.map { key($0.id) }).count, grouped.hits.count, "one hit per error: \(grouped.hits.map(\.id))")
        XCTAssertGreaterThan(flat.hits.count - Set(flat.hits.map { key($0.id) }).count, 0, "the flat list has environments of one error: \(flat.hits.map(\.id))")
        let first = try XCTUnwrap(grouped.hits.first)
        XCTAssertFalse(first.variants.isEmpty)
        XCTAssertTrue(first.variants.allSatisfy { key($0) == key(first.id) && $0 != first.id })
        let together = Set([first.id] + first.variants)
        XCTAssertEqual(Set(flat.hits.filter { key($0.id) == key(first.id) }.map(\.id)).subtracting(together), [])

        let matched = try Matcher(db: db).match(text: "Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock", limit: 5)
        XCTAssertEqual(Set(matched.hits.map { key($0.id) }).count, matched.hits.count, "\(matched.hits.map(\.id))")
    }
}

#if canImport(Glibc)
import Glibc
#endif
import ErrataKit

/// Wall-clock time and child processes, measured without Foundation.
enum Measure {
    static func now() -> Double { MonotonicClock.seconds() }

    struct Run {
        var seconds: Double
        var status: Int32
        var peakRSSMiB: Double
    }

    /// Runs a program to completion (stdout/stderr to /dev/null, stdin from
    /// `stdinPath` or /dev/null) and reports time, exit status and peak RSS.
    ///
    /// With `measureRSS` the peak RSS comes from GNU time when it is
    /// installed: a child started with posix_spawn (vfork) inherits the
    /// parent's high-water mark, so wait4's ru_maxrss would report this
    /// benchmark's own memory. Timing comparisons leave it off, so both
    /// sides of a ratio are measured the same way.
    static func run(_ argv: [String], stdinPath: String? = nil, environment: [String: String] = [:], measureRSS: Bool = false) -> Run {
        let timeTool = "/usr/bin/time"
        guard measureRSS, access(timeTool, X_OK) == 0 else { return spawn(argv, stdinPath: stdinPath, environment: environment) }
        let report = "/tmp/errata-bench-rss-\(getpid())"
        var run = spawn([timeTool, "-f", "%M", "-o", report] + argv, stdinPath: stdinPath, environment: environment)
        if let bytes = try? FileSystem.readAll(report), let kib = Double(String(decoding: bytes, as: UTF8.self).split(separator: "\n").last ?? "") {
            run.peakRSSMiB = kib / 1024
        }
        unlink(report)
        return run
    }

    private static func spawn(_ argv: [String], stdinPath: String?, environment: [String: String]) -> Run {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var env = ProcessEnvironment.current
        for (k, v) in environment { env[k] = v }
        let envStrings = env.map { "\($0.key)=\($0.value)" }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let start = now()
        guard posix_spawnp(&pid, argv[0], &actions, nil, &cArgs, &cEnv) == 0 else {
            return Run(seconds: 0, status: -1, peakRSSMiB: 0)
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = now() - start
        return Run(seconds: seconds, status: (status >> 8) & 0xFF, peakRSSMiB: Double(usage.ru_maxrss) / 1024)
    }

    static func median(_ xs: [Double]) -> Double { percentile(xs, 0.5) }

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return .nan }
        let sorted = xs.sorted()
        let index = min(sorted.count - 1, max(0, Int((p * Double(sorted.count - 1)).rounded())))
        return sorted[index]
    }

    static func fileSize(_ path: String) -> Double {
        var st = stat()
        return stat(path, &st) == 0 ? Double(st.st_size) : 0
    }

    static func ms(_ seconds: Double) -> String { format(seconds * 1000, 2) + " ms" }

    static func format(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let v = (x * scale).rounded() / scale
        var s = String(v)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: s.index(after: dot), to: s.endIndex)
            if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
        }
        return s
    }
}

enum ProcessEnvironment {
    static var current: [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { out[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return out
    }
}

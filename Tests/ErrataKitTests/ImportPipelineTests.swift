import Foundation
import XCTest
@testable import ErrataKit

/// The reading thread hands records over in batches of 64: failures past
/// the first batches must still stop the import at their place and leave
/// the database as it was.
final class ImportPipelineTests: XCTestCase {
    /// `count` NDJSON lines: the first built-in seed under ids ".../pipe-N".
    private func lines(_ count: Int, prefix: String = "pipe") throws -> [String] {
        guard case .object(var object) = try JSONParser.parse(Schema.builtinSeeds[0].text),
              let id = object["id"]?.stringValue else {
            throw XCTSkip("the first built-in seed is not an object with an id")
        }
        let index = object.members.firstIndex { $0.key == "id" }!
        return (0..<count).map { n in
            object.members[index].value = .string("\(id)-\(prefix)-\(n)")
            return JSONWriter.compact(.object(object))
        }
    }

    private func write(_ lines: [String], _ name: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func state(_ db: Database) throws -> [Int64?] {
        try ["records", "versions", "dead_ends", "workarounds", "records_fts"].map {
            try db.scalarInteger("SELECT count(*) FROM \($0)")
        }
    }

    func testBadLineAfterSeveralBatchesLeavesTheDatabaseAsItWas() throws {
        let (db, dir) = try Fixtures.database()
        _ = try Importer(store: RecordStore(db)).importPaths([try write(try lines(10, prefix: "before"), "before.ndjson", in: dir)], options: ImportOptions())
        let before = try state(db)
        var input = try lines(300)
        input[249] = "{\"id\": 42}"
        let path = try write(input, "bad.ndjson", in: dir)
        XCTAssertThrowsError(try Importer(store: RecordStore(db)).importPaths([path], options: ImportOptions())) { error in
            let failure = error as? ImportFailure
            XCTAssertEqual(failure?.file, path)
            XCTAssertTrue(failure?.place.hasPrefix("250: ") == true, "place: \(failure?.place ?? "none")")
        }
        XCTAssertEqual(try state(db), before)
    }

    func testDuplicateIdInALaterBatch() throws {
        let (db, dir) = try Fixtures.database()
        var input = try lines(200)
        input[190] = input[3]
        let path = try write(input, "dup.ndjson", in: dir)
        XCTAssertThrowsError(try Importer(store: RecordStore(db)).importPaths([path], options: ImportOptions())) { error in
            XCTAssertEqual((error as? ImportFailure)?.place, "191: $.id")
            XCTAssertTrue("\(error)".contains("duplicate id"), "\(error)")
        }
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records"), 0)
    }

    func testKeepGoingImportsTheFilesAroundABadOne() throws {
        let (db, dir) = try Fixtures.database()
        var bad = try lines(150, prefix: "bad")
        bad[99] = "not json"
        var duplicated = try lines(100, prefix: "dup")
        duplicated[80] = duplicated[10]
        let paths = [
            try write(try lines(100, prefix: "a"), "1.ndjson", in: dir),
            try write(bad, "2.ndjson", in: dir),
            try write(duplicated, "3.ndjson", in: dir),
            try write(try lines(100, prefix: "c"), "4.ndjson", in: dir),
        ]
        let summary = try Importer(store: RecordStore(db)).importPaths(paths, options: ImportOptions(keepGoing: true))
        XCTAssertEqual(summary.inserted, 200)
        XCTAssertEqual(summary.failed, 2)
        XCTAssertEqual(summary.failures.map(\.file), [paths[1], paths[2]])
        XCTAssertEqual(summary.failures.map { $0.place.split(separator: ":").first.map(String.init) }, ["100", "81"])
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records"), 200)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records WHERE id LIKE '%-bad-%' OR id LIKE '%-dup-%'"), 0)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records_fts"), 200)
    }

    func testChannelKeepsOrderAndCancelReleasesAWaitingSender() throws {
        let channel = BoundedChannel<Int>(capacity: 4)
        let sender = try startThread {
            for i in 0..<10_000 { channel.send(i) }
            channel.close()
        }
        var received: [Int] = []
        while let i = channel.receive() { received.append(i) }
        pthread_join(sender, nil)
        XCTAssertEqual(received, Array(0..<10_000))

        let full = BoundedChannel<Int>(capacity: 1)
        let second = Outcome()
        let blocked = try startThread {
            full.send(1)
            second.set(full.send(2))  // waits: no one receives
        }
        usleep(50_000)
        XCTAssertNil(second.value, "the second send waits while the channel is full")
        full.cancel()
        pthread_join(blocked, nil)
        XCTAssertEqual(second.value, false, "a cancelled channel releases the waiting sender and refuses its item")
        XCTAssertNil(full.receive())
    }
}

/// A value one thread sets and another reads, under a lock.
final class Outcome: @unchecked Sendable {
    private var lock = pthread_mutex_t()
    private var stored: Bool?

    init() { pthread_mutex_init(&lock, nil) }
    deinit { pthread_mutex_destroy(&lock) }

    func set(_ value: Bool) {
        pthread_mutex_lock(&lock)
        stored = value
        pthread_mutex_unlock(&lock)
    }

    var value: Bool? {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return stored
    }
}

final class LineReaderTests: XCTestCase {
    /// A line of megabytes comes back as its two ends, cut between UTF-8
    /// characters, with its full length; the lines around it are whole.
    func testBoundedReadingKeepsBothEndsOfALongLine() throws {
        let dir = try Fixtures.tempDirectory()
        let path = dir.appendingPathComponent("long.log").path
        let middle = String(repeating: "é", count: 2_000_000)
        let text = "first\n" + "HEAD" + middle + "TAIL\n" + "last"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let reader = try LineReader(path: path)
        var lines: [LineReader.BoundedLine] = []
        while let line = try reader.nextBounded(maxBytes: 4096) { lines.append(line) }
        XCTAssertEqual(lines.count, 3)
        guard case .whole(let first) = lines[0], case .shortened(let head, let tail, let length) = lines[1], case .whole(let last) = lines[2] else {
            return XCTFail("\(lines)")
        }
        XCTAssertEqual(String(decoding: first, as: UTF8.self), "first")
        XCTAssertEqual(String(decoding: last, as: UTF8.self), "last")
        XCTAssertEqual(length, ("HEAD" + middle + "TAIL").utf8.count)
        let headText = String(decoding: head, as: UTF8.self), tailText = String(decoding: tail, as: UTF8.self)
        XCTAssertTrue(headText.hasPrefix("HEADé") && tailText.hasSuffix("éTAIL"))
        XCTAssertFalse(headText.contains("\u{FFFD}") || tailText.contains("\u{FFFD}"), "cut between characters")
        XCTAssertLessThanOrEqual(head.count, 2048)
        XCTAssertLessThanOrEqual(tail.count, 2048)
        XCTAssertGreaterThan(head.count, 2040)
        XCTAssertEqual(reader.lineNumber, 3)
    }

    /// A log in UTF-16 (either order, known by its byte order mark) reads
    /// as the same lines in UTF-8, a surrogate pair cut by the 1 MiB read
    /// included; without `text` its bytes are handed out as they are.
    func testUTF16TextIsReadAsUTF8() throws {
        let dir = try Fixtures.tempDirectory()
        // The mark and the filler end two bytes before 1 MiB: the emoji's two code units straddle the first read.
        let filler = String(repeating: "x", count: (1 << 20 - 4) / 2)
        let lines = [filler + "😀 end", "ModuleNotFoundError: No module named 'requests' — ünïcödé", "", "last"]
        for bigEndian in [false, true] {
            var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
            for unit in lines.joined(separator: "\r\n").utf16 {
                bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            }
            let path = dir.appendingPathComponent("utf16-\(bigEndian).log").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let reader = try LineReader(path: path, text: true)
            var read: [String] = []
            while let line = try reader.nextBounded(maxBytes: 1 << 22) {
                guard case .whole(let bytes) = line else { return XCTFail("cut") }
                read.append(String(decoding: bytes, as: UTF8.self))
            }
            XCTAssertEqual(read.count, lines.count)
            XCTAssertEqual(read.first, "\u{FEFF}" + lines[0] + "\r", "the mark and the \\r are the collector's to drop")
            XCTAssertEqual(Array(read.dropFirst()), ["ModuleNotFoundError: No module named 'requests' — ünïcödé\r", "\r", "last"])
            let raw = try LineReader(path: path)
            XCTAssertNotEqual(try raw.next { String(decoding: $0, as: UTF8.self) }, read.first, "a record file is not decoded")
        }
    }

    /// Text in memory (serve's request body) is decoded as LineReader reads a file.
    func testPastedBytesAreUTF16AfterAByteOrderMark() {
        let text = "TypeError: ünïcödé 😀\r\nnext"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        XCTAssertEqual(String(pastedBytes: le), text)
        XCTAssertEqual(String(pastedBytes: be), text)
        XCTAssertEqual(String(pastedBytes: Array(text.utf8)), text)
        XCTAssertEqual(String(pastedBytes: le + [0x41]), text + "\u{FFFD}", "an odd byte at the end is no character")
        XCTAssertEqual(String(pastedBytes: [0xFF]), "\u{FFFD}", "one byte is no mark: broken UTF-8")
        XCTAssertEqual(String(pastedBytes: [0xFF, 0xFE]), "")
    }
}

import Foundation
import Logging
import MCP

/// The stdio transport of the MCP spec (one JSON-RPC message a line on
/// standard input and output), for the SDK's `Server`. Not the SDK's
/// `StdioTransport`: that one searches its whole buffer for a newline
/// after every 4 KiB read (a 20 MB paste took minutes) and polls a
/// non-blocking descriptor with 10 ms sleeps between reads. This one reads
/// blocking on a thread of its own, 64 KiB at a time, looking at each
/// byte once.
actor LineTransport: Transport {
    nonisolated let logger = Logger(label: "errata.mcp.transport", factory: { _ in SwiftLogNoOpLogHandler() })
    /// A longer message is dropped (with a line on stderr): its request
    /// cannot be answered, but the server goes on.
    static let maxMessageBytes = 64 << 20

    private let input: Int32
    private let output: Int32
    private let messages: AsyncThrowingStream<Data, Error>
    private let continuation: AsyncThrowingStream<Data, Error>.Continuation
    private var started = false

    init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        self.output = output
        (messages, continuation) = AsyncThrowingStream<Data, Error>.makeStream()
    }

    func connect() async throws {
        guard !started else { return }
        started = true
        let input = input
        let continuation = continuation
        let reader = Thread { Self.readLines(from: input, into: continuation) }
        reader.name = "errata-mcp stdin"
        reader.start()
    }

    func disconnect() async {
        continuation.finish()
    }

    func send(_ data: Data) async throws {
        var bytes = [UInt8](data)
        bytes.append(UInt8(ascii: "\n"))
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
            written += n
        }
    }

    func receive() -> AsyncThrowingStream<Data, Error> {
        messages
    }

    /// Splits what arrives on `fd` into lines until end of input.
    static func readLines(from fd: Int32, into continuation: AsyncThrowingStream<Data, Error>.Continuation) {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var scanned = 0
        var dropping = false
        func emit(_ line: ArraySlice<UInt8>) {
            var line = line
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if !dropping && !line.isEmpty { continuation.yield(Data(line)) }
            dropping = false
        }
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            if n == 0 { break }
            pending.append(contentsOf: chunk[..<n])
            var start = 0
            while let newline = pending[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                emit(pending[start..<newline])
                start = newline + 1
                scanned = start
            }
            scanned = pending.count
            if start > 0 {
                pending.removeFirst(start)
                scanned -= start
            }
            if pending.count > maxMessageBytes {
                let note = Array("errata mcp: a message of over \(maxMessageBytes >> 20) MiB was dropped\n".utf8)
                _ = note.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
                pending.removeAll(keepingCapacity: false)
                scanned = 0
                dropping = true
            }
        }
        emit(pending[...])
        continuation.finish()
    }
}

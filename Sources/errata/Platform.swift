#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library calls the command line makes by name, spelled once for
/// Linux (Glibc) and macOS (Darwin).
enum Platform {
    static func exit(_ code: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(code)
        #else
        Darwin.exit(code)
        #endif
    }

    static func write(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
        #else
        Darwin.write(fd, bytes, count)
        #endif
    }

    /// The directory of the running executable ("" when it cannot be told).
    static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        #if canImport(Glibc)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "" }
        let path = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        var size = UInt32(buffer.count)
        guard _NSGetExecutablePath(&buffer, &size) == 0 else { return "" }
        let path = String(cString: buffer)
        #endif
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Replaces this process with `program`: the one beside this
    /// executable, else the first on $PATH. Returns only when neither runs.
    static func execSibling(_ program: String, arguments: [String]) {
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let directory = executableDirectory()
        if !directory.isEmpty { _ = execv(directory + "/" + program, argv) }
        _ = execvp(program, argv)
    }
}

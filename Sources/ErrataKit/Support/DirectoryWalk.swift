#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of a directory tree, walked as ripgrep walks: names starting
/// with a dot are left out, symbolic links inside the tree are not
/// followed unless asked (and then a link back to a directory above is a
/// loop, found by device and inode, not a way to list one file forty
/// times), and FIFOs, sockets and devices are skipped, since reading one
/// can block for ever.
public struct DirectoryWalk: Sendable {
    /// The files to read, sorted within each directory.
    public private(set) var files: [String] = []
    /// Regular files left out for their extension.
    public private(set) var otherFiles = 0
    /// Symbolic links not followed (without `followLinks`).
    public private(set) var linksNotFollowed = 0
    /// One line per thing skipped that is worth saying: a FIFO, a loop.
    public private(set) var notes: [String] = []

    private let extensions: [String]
    private let followLinks: Bool

    public init(_ root: String, extensions: [String], followLinks: Bool) throws {
        self.extensions = extensions
        self.followLinks = followLinks
        var st = stat()
        // The directory named on the command line is followed even when it is a link.
        guard stat(root, &st) == 0 else { throw FileSystem.lastError(root) }
        try walk(root, ancestors: [Self.identity(st)], isRoot: true)
    }

    private struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func identity(_ st: stat) -> Identity {
        Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    private mutating func walk(_ path: String, ancestors: Set<Identity>, isRoot: Bool = false) throws {
        guard var names = FileSystem.entries(of: path) else {
            // A directory inside the tree that cannot be read is noted, not fatal.
            if isRoot { throw FileSystem.lastError(path) }
            notes.append("\(path): skipped, cannot read the directory: \(String(cString: strerror(errno)))")
            return
        }
        names.removeAll { $0.hasPrefix(".") }
        names.sort()
        for name in names {
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            var st = stat()
            guard lstat(full, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                guard followLinks else {
                    linksNotFollowed += 1
                    continue
                }
                guard stat(full, &st) == 0 else {
                    notes.append("\(full): skipped, a link to nothing")
                    continue
                }
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                let id = Self.identity(st)
                if ancestors.contains(id) {
                    notes.append("\(full): skipped, a link back to a directory above it (a loop)")
                    continue
                }
                try walk(full, ancestors: ancestors.union([id]))
            case S_IFREG:
                if extensions.contains(where: { name.hasSuffix($0) }) {
                    files.append(full)
                } else {
                    otherFiles += 1
                }
            case S_IFIFO:
                if extensions.contains(where: { name.hasSuffix($0) }) { notes.append("\(full): skipped, a FIFO, not a file") }
            case S_IFSOCK:
                if extensions.contains(where: { name.hasSuffix($0) }) { notes.append("\(full): skipped, a socket, not a file") }
            default:
                if extensions.contains(where: { name.hasSuffix($0) }) { notes.append("\(full): skipped, a device, not a file") }
            }
        }
    }
}

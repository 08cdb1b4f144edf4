#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT or SIGTERM while a command writes: noted instead of ending the
/// process, so that the write rolls back, the terminal line is cleared and
/// the command says what happened. A second signal ends it at once.
enum Interruption {
    /// The signal caught, 0 while none was.
    nonisolated(unsafe) static var caught: Int32 = 0

    static var requested: Bool { caught != 0 }

    static func catchSignals() {
        // Initialised here, not first touched inside a signal handler.
        caught = 0
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in
                Interruption.caught = number
                signal(number, SIG_DFL)
            }
        }
    }

    /// The shell's code for a command ended by the signal: 130, 143.
    static var exitCode: Int32 { 128 + caught }
}

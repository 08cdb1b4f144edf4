/// The program's version, which `errata --version` prints and the MCP
/// server announces.
public enum ErrataVersion {
    public static let current = "0.1.0"
}

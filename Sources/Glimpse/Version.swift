/// The version of the Glimpse library and command.
public enum GlimpseVersion {
    public static let string = "0.1.0"
}

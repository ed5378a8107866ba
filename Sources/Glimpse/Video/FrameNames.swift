import Foundation

/// How a video frame is named wherever a picture needs a name: `clip.mp4#frame=80` in
/// datasets, journals and score files (the video and the frame, readable back), and
/// `clip_f000080` as the stem of the files made from it, so drawn frames sort in time order
/// beside each other.
public enum FrameNames {
    public static func key(video: String, frame: Int) -> String { "\(video)#frame=\(frame)" }

    /// The video and frame a `key(video:frame:)` names; nil for any other name.
    public static func parse(_ key: String) -> (video: String, frame: Int)? {
        guard let hash = key.range(of: "#frame=", options: .backwards), let frame = Int(key[hash.upperBound...]) else { return nil }
        return (String(key[..<hash.lowerBound]), frame)
    }

    /// `video`'s path (folders kept) without its extension, then `_f` and the frame number in
    /// at least six digits: "clips/a.mp4", 80 → "clips/a_f000080".
    public static func stem(video: String, frame: Int) -> String {
        (video as NSString).deletingPathExtension + "_f" + String(repeating: "0", count: max(0, 6 - String(frame).count)) + String(frame)
    }
}

import Foundation
import Hummingbird

/// An answer that is a file the command would write (a dataset's zip, a COCO file), sent as it
/// is with its type and the name a browser saves it under.
struct FileAnswer: Sendable {
    var data: Data
    var contentType: String
    var fileName: String

    var response: Response {
        Response(status: .ok, headers: [.contentType: contentType, .contentDisposition: "attachment; filename=\"\(fileName)\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

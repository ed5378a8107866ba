import Foundation
import GlimpseEval

/// A file sent as a form field (`-F labels=@train.json`, or a JSON string), named in errors
/// and in what is written from it by the client's file name, else by the field's name.
extension RequestForm {
    func uploadedFile(_ field: String, required: Bool = true) throws(ServerError) -> (data: Data, name: String)? {
        guard let text = fields[field] else {
            guard !required else { throw .badRequest("no field '\(field)': send the file as a multipart part (curl -F \(field)=@FILE) or a JSON string") }
            return nil
        }
        return (Data(text.utf8), fileNames[field] ?? field)
    }

    /// The same file as an evaluation input (its readers check it), refused when empty.
    func evalInput(_ field: String) throws(ServerError) -> EvalInput {
        let file = try uploadedFile(field)!
        do { return try EvalInput(name: file.name, data: file.data) } catch { throw .badRequest("field '\(field)': \(error.description)") }
    }
}

import Foundation

/// Example photos the page offers, from Debian's darknet package. The list is fixed here:
/// a request chooses one by its exact name and the path is built from this table alone.
/// Examples whose file is not installed are left out of the list and answered 404.
struct ExampleImages: Sendable {
    struct Example: Sendable, Encodable, Equatable {
        var name: String
        /// What to look for in it, a starting point for the class box.
        var classes: String
    }

    static let darknet = ExampleImages(folder: "/usr/share/darknet/data", allowed: [
        Example(name: "dog.jpg", classes: "dog, bicycle, truck"),
        Example(name: "horses.jpg", classes: "horse"),
        Example(name: "person.jpg", classes: "person, dog, horse"),
        Example(name: "eagle.jpg", classes: "eagle, bird"),
        Example(name: "giraffe.jpg", classes: "giraffe, zebra, tree"),
        Example(name: "kite.jpg", classes: "person, kite"),
    ])

    let folder: String
    let allowed: [Example]

    /// The examples whose file is there.
    var available: [Example] {
        allowed.filter { FileManager.default.isReadableFile(atPath: path(of: $0)) }
    }

    func jpeg(named name: String) throws(ServerError) -> Data {
        guard let example = allowed.first(where: { $0.name == name }) else {
            throw .notFound("no example named '\(name.prefix(80))'; see /v1/examples")
        }
        guard let data = FileManager.default.contents(atPath: path(of: example)) else {
            throw .notFound("the example '\(example.name)' is not installed on this server (apt-get install darknet)")
        }
        return data
    }

    private func path(of example: Example) -> String { folder + "/" + example.name }
}

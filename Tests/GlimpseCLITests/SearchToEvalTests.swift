import Foundation
import GlimpseTestSupport
import Testing

/// `glimpse search --json` feeds `glimpse eval retrieval` as it is.
@Suite struct SearchToEvalTests {
    @Test func searchOutputIsReadAsRankings() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-search-eval")
        let gallery = folder.url.appendingPathComponent("gallery")
        for (item, photo) in [("dog", "dog.jpg"), ("horse", "horses.jpg"), ("person", "person.jpg")] {
            let directory = gallery.appendingPathComponent(item)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: "/usr/share/darknet/data/\(photo)", toPath: directory.appendingPathComponent(photo).path)
        }
        let index = folder.path("gallery.sqlite")
        #expect(try GlimpseProcess.run(["index", "add", gallery.path, "--index", index, "--embedder", "pixels-8"]).status == 0)
        let query = "/usr/share/darknet/data/dog.jpg"
        let search = try GlimpseProcess.run(["search", "--json", "--index", index, "--top-k", "3", query])
        #expect(search.status == 0, "\(search.stderr)")
        let results = folder.write("results.json", search.stdout)

        let byPath = folder.write("gt-path.json", #"{"\#(query)": ["\#(gallery.path)/dog/dog.jpg"]}"#)
        let eval = try GlimpseProcess.run(["eval", "retrieval", "--gt", byPath, "--results", results, "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("\"recall_at_1\":100"), "\(eval.stdout)")

        let byItem = folder.write("gt-item.json", #"{"\#(query)": ["horse"]}"#)
        let items = try GlimpseProcess.run(["eval", "retrieval", "--gt", byItem, "--results", results, "--ids", "item", "--json"])
        #expect(items.status == 0 && items.stdout.contains("\"recall_at_1\":0") && items.stdout.contains("\"recall_at_5\":100"), "\(items.stdout)")
    }
}

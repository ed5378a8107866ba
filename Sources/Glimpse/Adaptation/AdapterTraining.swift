import Foundation
import GlimpseGeometry
import GlimpseSearch

/// Makes adapters from what a person has: captions (text only), or a few labelled images.
public enum AdapterTraining {
    /// A head learned on caption embeddings, applied to image embeddings (texts as images).
    /// Captions are embedded by `model` into the space its images land in.
    public static func fromCaptions(_ captions: CaptionSet, model: any TaggingModel, vocabulary: PreparedVocabulary,
                                    trainer: LinearHeadTrainer, mix: Float, notes: [String: String] = [:]) async throws -> Adapter {
        guard !captions.captions.isEmpty else { throw TagError.noTrainingData("no captions to learn from") }
        let embeddings = try await model.captionEmbeddings(captions.captions.map(\.text))
        let classes = vocabulary.vocabulary.entries.map(\.category)
        guard classes == captions.classes else { throw TagError.invalidOption("captions and vocabulary list different classes") }
        let head = trainer.train(embeddings: embeddings.l2NormalizedRows(), targets: captions.targets,
                                 classEmbeddings: vocabulary.embeddings)
        return Adapter(linear: head, embeddingModel: model.embeddingModelID, dimension: model.embeddingDimension,
                       classes: classes, mix: mix, notes: notes.merging(trainer.notes) { a, _ in a })
    }

    /// A linear probe on labelled image embeddings (one row each) and their labels (a row of
    /// 0/1 over the vocabulary each).
    public static func linearProbe(embeddings: Matrix<Float>, labels: Matrix<Float>, model: any TaggingModel,
                                   vocabulary: PreparedVocabulary, trainer: LinearHeadTrainer, mix: Float,
                                   notes: [String: String] = [:]) throws -> Adapter {
        guard !embeddings.isEmpty else { throw TagError.noTrainingData("no labelled images to learn from") }
        let classes = vocabulary.vocabulary.entries.map(\.category)
        precondition(labels.columns == classes.count || labels.isEmpty, "one label per vocabulary entry")
        let head = trainer.train(embeddings: embeddings.l2NormalizedRows(), targets: labels, classEmbeddings: vocabulary.embeddings)
        return Adapter(linear: head, embeddingModel: model.embeddingModelID, dimension: model.embeddingDimension,
                       classes: classes, mix: mix, notes: notes.merging(trainer.notes) { a, _ in a })
    }

    /// A Tip-Adapter cache of the labelled image embeddings.
    public static func cache(embeddings: Matrix<Float>, labels: Matrix<Float>, model: any TaggingModel, classes: [String],
                             sharpness: Float, mix: Float, notes: [String: String] = [:]) throws -> Adapter {
        guard !embeddings.isEmpty else { throw TagError.noTrainingData("no labelled images to cache") }
        return Adapter(cache: CacheAdapter(keys: embeddings.l2NormalizedRows(), values: labels, sharpness: sharpness), embeddingModel: model.embeddingModelID,
                       dimension: model.embeddingDimension, classes: classes, mix: mix,
                       notes: notes.merging(["sharpness": "\(sharpness)"]) { a, _ in a })
    }

    /// Rows to learn from when only `shots` labelled images per class are wanted: for each
    /// class in turn, up to `shots` not yet chosen images that carry it, drawn with the seed.
    /// Returned sorted.
    public static func fewShot(labels: Matrix<Float>, shots: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var order = Array(0..<labels.rows)
        // Fisher-Yates with the project's generator, so the pick is the same everywhere.
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, generator.index(below: i + 1)) }
        var chosen = Set<Int>()
        for c in 0..<labels.columns {
            var have = chosen.filter { labels[$0, c] > 0 }.count
            for row in order where have < shots && !chosen.contains(row) && labels[row, c] > 0 {
                chosen.insert(row)
                have += 1
            }
        }
        return chosen.sorted()
    }
}

extension LinearHeadTrainer {
    var notes: [String: String] {
        ["steps": "\(steps)", "learning_rate": "\(learningRate)", "l2": "\(l2)", "initial_scale": "\(initialScale)", "ema_decay": "\(emaDecay)"]
    }
}

import ArgumentParser
import Foundation
import Glimpse

/// `glimpse adapt`: learn a small adapter on frozen embeddings for `glimpse tag --adapter`.
struct AdaptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapt",
        abstract: "Learn a small adapter for tagging: from captions alone, or from a few labelled images.",
        subcommands: [AdaptTextCommand.self, AdaptImagesCommand.self, AdaptCombineCommand.self])
}

/// Settings of the logistic head shared by `adapt text` and `adapt images --kind probe`.
struct HeadTrainingOptions: ParsableArguments {
    @Option(help: "Full-batch Adam steps.") var steps = 300
    @Option(name: .customLong("lr"), help: "Adam learning rate.") var learningRate: Float = 0.01
    @Option(help: "Pull towards the zero-shot start (L2 on W - W0).") var l2: Float = 0.001
    @Option(help: "EMA decay of the weights (0: no EMA).") var ema: Float = 0.99
    @Option(help: "Weight of the adapter against the zero-shot score at tag time, in [0, 1].") var mix: Float = 0.5
    @Option(help: "Seed for everything drawn at random.") var seed: UInt64 = 20261123

    func validate() throws {
        guard steps > 0 else { throw ValidationError("--steps must be positive") }
        guard learningRate > 0 else { throw ValidationError("--lr must be positive") }
        guard l2 >= 0 else { throw ValidationError("--l2 must not be negative") }
        guard ema >= 0, ema < 1 else { throw ValidationError("--ema must be in [0, 1)") }
        guard mix >= 0, mix <= 1 else { throw ValidationError("--mix must be in [0, 1]") }
    }

    var trainer: LinearHeadTrainer {
        var trainer = LinearHeadTrainer()
        trainer.steps = steps
        trainer.learningRate = learningRate
        trainer.l2 = l2
        trainer.emaDecay = ema
        return trainer
    }
}

import ArgumentParser
import GlimpseEval

/// `--format` of detect and label, `--to` of dataset convert: the one list of dataset formats.
extension DatasetFormat: ExpressibleByArgument {}

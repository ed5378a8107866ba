import ArgumentParser
import Glimpse

extension DetectorLoader.Naming: ExpressibleByArgument {}

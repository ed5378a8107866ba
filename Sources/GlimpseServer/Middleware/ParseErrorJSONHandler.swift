import Foundation
import Glimpse
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// A request NIO cannot parse (a garbage request line, a header block over the limit, a bad
/// Content-Length) never reaches the router; Hummingbird answers it 400 with an empty body.
/// This handler answers it first, with the `{"error": "..."}` body every other error has, and
/// closes the connection. It steps in only between requests: while a response is still being
/// written its bytes must not be interleaved, so then the error goes on to Hummingbird.
final class ParseErrorJSONHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Request heads read minus responses finished.
    private var unanswered = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { unanswered += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered -= 1 }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError, unanswered == 0 else {
            context.fireErrorCaught(error)
            return
        }
        let message = "the request is not valid HTTP/1.1 (\(Self.describe(parseError))); nothing was processed"
        let body = (try? OutputJSON.encode(ErrorBody(error: message))) ?? Data()
        let head = HTTPResponse(status: .badRequest, headerFields: [
            .contentType: "application/json; charset=utf-8", .contentLength: String(body.count), .connection: "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: nil)
        // The channel, not the handler context (which is not Sendable), closes once the answer is out.
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    /// NIO's names for the usual cases, in words.
    static func describe(_ error: HTTPParserError) -> String {
        switch error {
        case .headerOverflow: "the header block is too large"
        case .invalidContentLength, .unexpectedContentLength: "a bad Content-Length"
        case .invalidMethod: "an unknown method"
        case .invalidURL: "a bad request target"
        case .invalidVersion, .invalidConstant: "a bad request line"
        default: "\(error)"
        }
    }
}

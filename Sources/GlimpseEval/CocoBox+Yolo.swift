/// YOLO's form of a box: centre and size as fractions of the picture (`class cx cy w h` lines),
/// converted from and to COCO's numbers so both dataset writers print the same digits.
extension CocoBox {
    /// From YOLO's centre x, centre y, width and height as fractions of a `imageWidth` × `imageHeight` picture.
    public init(yoloCenterX cx: Double, centerY cy: Double, width w: Double, height h: Double, imageWidth: Double, imageHeight: Double) {
        let width = w * imageWidth, height = h * imageHeight
        self.init(x: cx * imageWidth - width / 2, y: cy * imageHeight - height / 2, width: width, height: height)
    }

    /// YOLO's centre x, centre y, width and height as fractions of a `imageWidth` × `imageHeight` picture.
    public func yolo(imageWidth: Double, imageHeight: Double) -> [Double] {
        [(x + width / 2) / imageWidth, (y + height / 2) / imageHeight, width / imageWidth, height / imageHeight]
    }
}

/// The file formats a set of detections is written in: `glimpse detect --format`,
/// `glimpse label --format` and `glimpse dataset convert --to` all take this one list.
public enum DatasetFormat: String, Sendable, CaseIterable {
    /// `detections.json`: the array `glimpse detect --json` prints (detect only: it is not a dataset).
    case json
    /// `annotations.json` (COCO ground truth: images, categories, boxes with their scores) and
    /// `results.json` (the same boxes as COCO detection results).
    case coco
    /// Ultralytics' layout: `data.yaml`, `classes.txt`, `labels/{train,val}/` and `images/{train,val}/`.
    case yolo
}

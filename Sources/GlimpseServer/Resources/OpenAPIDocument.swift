/// The OpenAPI document served at `/openapi.yaml`; docs/openapi.yaml is the same text
/// (a test holds the two, and the router, together).
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.0.3
info:
  title: Glimpse
  version: "1"
  description: |
    Open-vocabulary vision over HTTP (`glimpse serve`). Compute routes take either a
    multipart form (`image=@photo.jpg` plus text fields) or a JSON object with the image
    in base64. Every error is answered as `{"error": "...", "schema_version": 1}`. Every JSON
    answer has snake_case keys and `schema_version` (1) in its top-level object, or in each
    element when it is a list (docs/CLI.md).
servers:
  - url: http://127.0.0.1:8080
paths:
  /:
    get:
      summary: "The web page: Detect (sliders, boxes drawn, table, download), Tag (bars), Search (thumbnails), example photos"
      responses:
        "200":
          description: HTML page
          content:
            text/html: {}
  /openapi.yaml:
    get:
      summary: This document
      responses:
        "200":
          description: OpenAPI 3 document
          content:
            application/yaml: {}
  /healthz:
    get:
      summary: Liveness
      responses:
        "200":
          description: The server is up
          content:
            application/json:
              schema:
                type: object
                required: [status, schema_version]
                properties:
                  status:
                    type: string
                    enum: [ok]
                  schema_version:
                    type: integer
                    enum: [1]
  /v1/models:
    get:
      summary: Installed models (as `glimpse models list --json`)
      responses:
        "200":
          description: One manifest per installed model
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/ModelManifest"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/models/verify:
    get:
      summary: Every installed model file's SHA-256 against its manifest (as `glimpse models verify --json`)
      description: |
        Reads every file, so it holds a computation slot within the deadline. A broken model
        is 200 with `ok: false` and its problem (the command exits 1); no server path is named.
      responses:
        "200":
          description: One result per installed model, and the folders that hold no readable model
          content:
            application/json:
              schema:
                type: object
                required: [models, problems]
                properties:
                  models:
                    type: array
                    items:
                      type: object
                      required: [id, ok]
                      properties:
                        id:
                          type: string
                        ok:
                          type: boolean
                        problem:
                          type: string
                  problems:
                    type: array
                    items:
                      type: string
        "503":
          $ref: "#/components/responses/Unavailable"
  /metrics:
    get:
      summary: Prometheus metrics (text exposition format)
      responses:
        "200":
          description: glimpse_http_requests_total, glimpse_http_request_duration_seconds, glimpse_computations_in_flight, glimpse_computation_slots, glimpse_uploads_in_flight, glimpse_upload_slots, glimpse_admission_refusals_total
          content:
            text/plain: {}
  /v1/vocab/explain:
    get:
      summary: How each name of a vocabulary is understood (as `glimpse vocab explain --json`)
      description: |
        WordNet naming's reading of each name: its sense, the route that scores it (subtree,
        hyponym or words), the ImageNet and COCO classes whose evidence counts, a colour.
        Runs no model.
      parameters:
        - name: classes
          in: query
          required: true
          description: Comma-separated names, as --classes (at most 64 KiB).
          schema:
            type: string
      responses:
        "200":
          description: One explanation per vocabulary entry, in order
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  required: [name, route, summary]
                  properties:
                    name: {type: string}
                    resolved: {type: string}
                    route: {type: string, enum: [subtree, hyponym, words]}
                    summary: {type: string}
                    colour: {type: string}
                    imagenet_classes: {type: array, items: {type: string}}
                    coco_classes: {type: array, items: {type: string}}
        "400":
          $ref: "#/components/responses/BadRequest"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/detect:
    post:
      summary: Find the named classes in one image, or in the frames of one video
      description: |
        Answers one element of `glimpse detect --json`. The vocabulary's text embeddings
        are cached across requests, so changing only thresholds costs no text encoding.
        An upload that is a video (MP4/MOV, Matroska/WebM, AVI, FLV, MPEG, by its first
        bytes) is read by ffmpeg in the frames `frames` selects (at most 16) and answered as
        the list the command prints for it: an ImageDetections per frame with `frame` and
        `time`. An `adapter` (the file `glimpse adapt` writes) corrects every box's naming as
        `glimpse detect --adapter` does: crops named by word similarity plus the adapter,
        default two-stage settings; a detector that is not two-stage semantic transfer, or an
        adapter made for another model, is a 400.
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              $ref: "#/components/schemas/DetectForm"
          application/json:
            schema:
              $ref: "#/components/schemas/DetectJSON"
      responses:
        "200":
          description: Detections, best first, boxes in pixels of the upright image (for a video, a list with one per frame)
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: "#/components/schemas/ImageDetections"
                  - type: array
                    items:
                      $ref: "#/components/schemas/ImageDetections"
        "400":
          $ref: "#/components/responses/BadRequest"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/tag:
    post:
      summary: Score the named classes on one whole image (multi-label tagging)
      description: |
        Answers one element of `glimpse tag --json`: the `top_k` best classes. With
        `windows=true` sliding windows are scored too and fused per class. `cooccur` is the
        file `glimpse cooccur` writes and `adapter` the file `glimpse adapt` writes, sent as
        they are (parts or JSON strings) and applied as `glimpse tag --cooccur --adapter`
        applies them: with an adapter the picture is scored on the model it was learned on
        (word similarity, as the command's default naming with `--adapter`). A file that is
        not one of these, an adapter for another model, or a co-occurrence file missing a
        class is a 400 naming the field and its file name.
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              $ref: "#/components/schemas/TagForm"
          application/json:
            schema:
              $ref: "#/components/schemas/TagJSON"
      responses:
        "200":
          description: Tags, best first
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/TaggedImage"
        "400":
          $ref: "#/components/responses/BadRequest"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/embed:
    post:
      summary: The search embedding of one image
      description: |
        Answers one element of `glimpse embed --json`: the l2-normalised vector the served
        index stores (its embedder when the server has `--index`).
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              $ref: "#/components/schemas/ImageForm"
          application/json:
            schema:
              $ref: "#/components/schemas/ImageJSON"
      responses:
        "200":
          description: The vector and the embedder that made it
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/EmbeddedImage"
        "400":
          $ref: "#/components/responses/BadRequest"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/search:
    post:
      summary: The gallery products nearest to one image
      description: |
        Answers one element of `glimpse search --json` plus the index searched and, per
        result, its gallery row and thumbnail URL. Needs a server started with
        `--index NAME=PATH` (or `--index PATH`); otherwise 503. The field `index` chooses
        among several (default: the first given); an unknown name is 404.
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              $ref: "#/components/schemas/SearchForm"
          application/json:
            schema:
              $ref: "#/components/schemas/SearchJSON"
      responses:
        "200":
          description: Gallery hits, nearest first
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/SearchAnswer"
        "400":
          $ref: "#/components/responses/BadRequest"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "404":
          $ref: "#/components/responses/NotFound"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/match:
    post:
      summary: Match one group of photos of a product to at most one item of a served index
      description: |
        The detect-then-retrieve rule of `glimpse match` on the photos sent as parts named
        `images` (one group): every box takes its nearest gallery box, the closest and most
        frequent items vote, the nearest mean distance wins, a match at `max_distance` or
        more is dropped. Answers what `glimpse match --json` prints for a folder holding the
        photos, with gallery paths as /v1/search names them, each match's gallery `row`
        (for the thumbnail route), the index, and the photos that could not be read.
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [images]
              properties:
                images:
                  type: array
                  items:
                    type: string
                    format: binary
                index:
                  type: string
                group:
                  type: string
                  default: photos
                closest_fraction:
                  type: number
                  default: 0.28
                frequent_fraction:
                  type: number
                  default: 0.5
                max_distance:
                  type: number
                  default: 1.12
      responses:
        "200":
          description: The match (or the reason there is none)
          content:
            application/json:
              schema:
                type: object
                required: [index, matches, rejected, failures, schema_version]
        "400":
          $ref: "#/components/responses/BadRequest"
        "404":
          $ref: "#/components/responses/NotFound"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/eval/{kind}:
    post:
      summary: Evaluate detections, multi-label scores or retrieval results against ground truth
      description: |
        Answers what `glimpse eval KIND --json` prints for the two files, sent as multipart
        parts (`curl -F gt=@annotations.json -F dt=@results.json`) or as JSON strings.
        `dataset` takes one COCO file as `gt` and answers `glimpse dataset stats --json`.
        Errors name the part and its file name with the entry, as the command does. Runs no
        model, but reads and computes under the same limits as the model routes. An unknown
        kind is 404.
      parameters:
        - name: kind
          in: path
          required: true
          schema:
            type: string
            enum: [detection, multilabel, retrieval, dataset]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              $ref: "#/components/schemas/EvalForm"
      responses:
        "200":
          description: The metrics (detection; multilabel and retrieval answer MultiLabelMetrics and RetrievalMetrics as `--json` does)
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/DetectionReport"
        "400":
          $ref: "#/components/responses/BadRequest"
        "404":
          $ref: "#/components/responses/NotFound"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/label/dataset:
    post:
      summary: The dataset of reviewed detections, as glimpse label writes it (COCO annotations.json, or YOLO as a zip)
      description: |
        `ontology` is the ontology YAML `glimpse label --ontology` reads, or `classes` the same
        entries as `prompt|class|parent`; `pictures` the `/v1/detect` answers whose
        boxes were kept, as a JSON list. With `format=coco` (the default) it answers the bytes
        `glimpse label --format coco` writes to `annotations.json` for the same boxes: images
        in name order, categories in the ontology's class order with their parents, boxes of
        classes outside it left out. With `format=yolo` every picture's file is sent too, as a
        part named `images` whose file name is the picture's name in `pictures` (a video frame's
        key, `clip.mp4#frame=25`, for a frame's PNG), and the answer is `dataset.zip`: the files
        `glimpse label --format yolo` writes (`data.yaml`, `classes.txt`, `labels/` and `images/`
        in the same seeded train/val split), written by the same writer; its `data.yaml` has no
        `path:`, so the dataset trains from wherever it is unpacked. A picture without its file,
        a file of no picture, or a name with an empty, `.` or `..` part is refused (400). A
        multipart body holds at most 32 parts, so one YOLO request carries at most 29 pictures.
        The YOLO dataset is written holding a computation slot. The web page's Label tab
        downloads either.
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              $ref: "#/components/schemas/LabelDatasetForm"
      responses:
        "200":
          description: COCO ground truth with each box's score and hierarchy, or (`format=yolo`) the YOLO dataset as a zip
          content:
            application/json:
              schema:
                type: object
                required: [images, annotations, categories]
            application/zip:
              schema:
                type: string
                format: binary
        "400":
          $ref: "#/components/responses/BadRequest"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/cooccur:
    post:
      summary: The co-occurrence file glimpse cooccur writes, for an uploaded annotation file
      description: |
        `annotations` is the file `glimpse cooccur` reads: a COCO file (an image's labels are
        its annotations' categories) or a multi-label matrix as `glimpse eval multilabel` reads
        it (JSON, or CSV when its file name ends in `.csv`); `classes`, when given, is the
        vocabulary the matrix is over (`--classes`; annotations of another class are refused).
        Answers the bytes `glimpse cooccur ANNOTATIONS --out cooccur.json` writes, built by the
        same code, as a download to send back to `/v1/tag` as `cooccur`. Computed holding a
        computation slot, within the server's deadline.
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              $ref: "#/components/schemas/CooccurForm"
      responses:
        "200":
          description: "The matrix: classes, counts, images and conditional[i][j] = P(j | i)"
          content:
            application/json:
              schema:
                type: object
                required: [format, version, classes, counts, images, conditional]
        "400":
          $ref: "#/components/responses/BadRequest"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/adapt/{kind}:
    post:
      summary: The adapter file glimpse adapt text|images|combine writes, for uploaded inputs
      description: |
        `text`: `classes` (required), a `captions` file (`TEXT<TAB>class, class, ...` lines)
        and/or `compose` captions (at most 20000) of up to `max_classes` classes. `images`: a
        `labels` matrix (JSON, or CSV by its file name) whose image ids are the file names of
        the pictures sent as parts named `images` (a body holds at most 32 parts in all), `kind` probe or cache, `shots`,
        `sharpness`. `combine`: adapter files as parts named `adapters`. `text` and `images`
        take the logistic head's `steps` (at most 5000), `lr`, `l2`, `ema`, `mix` and `seed`,
        with `glimpse adapt`'s defaults. Answers the bytes `glimpse adapt KIND --out
        adapter.json` writes for the same inputs, by the same code, learned on the model
        `/v1/tag` applies adapters on; the notes name the uploads by their file names. The
        learning holds a computation slot within the server's deadline (503 past it). An
        unknown kind is 404.
      parameters:
        - name: kind
          in: path
          required: true
          schema:
            type: string
            enum: [text, images, combine]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              $ref: "#/components/schemas/AdaptForm"
      responses:
        "200":
          description: The adapter, as glimpse tag --adapter and /v1/tag's adapter read it
          content:
            application/json:
              schema:
                type: object
                required: [format, version, kind, embeddingModel, dimension, classes, mix]
        "400":
          $ref: "#/components/responses/BadRequest"
        "404":
          $ref: "#/components/responses/NotFound"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/dataset/{kind}:
    post:
      summary: The file glimpse dataset agnostic|convert writes, for uploaded files
      description: |
        `agnostic`: `annotations`, a COCO file; answers the COCO file `glimpse dataset agnostic`
        writes (every category merged into one "object", other fields kept) as `agnostic.json`.
        `convert` with `to=yolo`: `annotations`, a COCO file; answers the label files
        `glimpse dataset convert --to yolo` writes (`classes.txt` and a `<stem>.txt` per image)
        as one zip, `labels.zip`. `convert` with `to=coco`: `labels_zip`, a zip holding the label
        files and `classes.txt` at its root (what `to=yolo` answers), the pictures as parts named
        `images` (their PNG or JPEG headers give the sizes), and optionally `classes`, the class
        file (`--vocab`); answers the `annotations.json` `glimpse dataset convert --to coco`
        writes. The same code writes the same bytes. A zip entry outside the archive's folder, a
        link, or more than the upload limit unpacked is refused (400). Runs holding a
        computation slot; an unknown kind is 404.
      parameters:
        - name: kind
          in: path
          required: true
          schema:
            type: string
            enum: [agnostic, convert]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              $ref: "#/components/schemas/DatasetToolForm"
      responses:
        "200":
          description: A COCO file, or (`to=yolo`) the YOLO label files as a zip
          content:
            application/json:
              schema:
                type: object
                required: [images, annotations, categories]
            application/zip:
              schema:
                type: string
                format: binary
        "400":
          $ref: "#/components/responses/BadRequest"
        "404":
          $ref: "#/components/responses/NotFound"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/indexes:
    get:
      summary: The gallery indexes this server searches (names for /v1/search's `index`); the first is the default
      responses:
        "200":
          description: One entry per served index, in the order given to `glimpse serve`; no paths
          content:
            application/json:
              schema:
                type: object
                required: [indexes]
                properties:
                  indexes:
                    type: array
                    items:
                      $ref: "#/components/schemas/IndexSummary"
  /v1/indexes/{index}/info:
    get:
      summary: What glimpse index info --json prints for a served index
      description: |
        Files, vectors, items and the embedder, read from the index's file or database as
        `glimpse index info --index PATH --json` reads them. An index made in memory has
        nothing to read (503); an unknown index is 404. Runs holding a computation slot.
      parameters:
        - name: index
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: The store's statistics
          content:
            application/json:
              schema:
                type: object
                required: [sources, vectors, items]
                properties:
                  embedder:
                    type: object
                  sources:
                    type: integer
                  vectors:
                    type: integer
                  items:
                    type: integer
        "404":
          $ref: "#/components/responses/NotFound"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/indexes/{index}/check:
    get:
      summary: What glimpse index check --json prints for a served index
      description: |
        SQLite's full `integrity_check` and Glimpse's audit (meta, vector sizes, per-file
        counts, checksums) of the index's file, as `glimpse index check PATH --json` reports
        them, with `index` the file's name only and no server path in a problem. A damaged
        index is still 200, its problems listed (the command exits 1). A PostgreSQL index or one
        made in memory has no file to check (503); an unknown index is 404. Runs holding a
        computation slot, within the server's deadline.
      parameters:
        - name: index
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: The audit report
          content:
            application/json:
              schema:
                type: object
                required: [index, sources, vectors, problems, checksummed_vectors]
                properties:
                  index:
                    type: string
                  embedder:
                    type: object
                  sources:
                    type: integer
                  vectors:
                    type: integer
                  problems:
                    type: array
                    items:
                      type: string
                  checksummed_vectors:
                    type: integer
        "404":
          $ref: "#/components/responses/NotFound"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/indexes/{index}/items:
    post:
      summary: Add one picture or video to a served index as a product
      description: |
        The upload is kept under the server's `--uploads` folder (`INDEX/ITEM/SHA256.EXT`),
        cropped as the server crops queries and indexed as `glimpse index add` would index
        it (a video, told by its first bytes: its `frames`, at most 16, a vector per crop of
        each frame with the frame's number); the next search sees it. The same file twice is
        added once (`added: false`). Without `--uploads` the route answers 503; an unknown
        index is 404.
      parameters:
        - name: index
          in: path
          required: true
          schema:
            type: string
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [image, item]
              properties:
                image:
                  type: string
                  format: binary
                item:
                  type: string
                  maxLength: 200
                  description: The product id to file the picture under
                frames:
                  type: string
                  description: For a video, the frames to index as START:END:STEP (glimpse index add --frames; default 0:1000000:25, as /v1/detect), cut to 16 frames
      responses:
        "200":
          description: What was added and the index's totals
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/AddedPicture"
        "400":
          $ref: "#/components/responses/BadRequest"
        "404":
          $ref: "#/components/responses/NotFound"
        "408":
          $ref: "#/components/responses/RequestTimeout"
        "413":
          $ref: "#/components/responses/TooLarge"
        "415":
          $ref: "#/components/responses/UnsupportedMediaType"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/indexes/{index}/thumbnails/{row}:
    get:
      summary: A JPEG of what one gallery row shows (its box, from the image or the video frame the index records)
      description: |
        The request only names a served index and a row number (as `/v1/search` answers
        them); the file read is the one the index records for that row, never a path from
        the request. At most 256 px on its longer side.
      parameters:
        - name: index
          in: path
          required: true
          schema:
            type: string
        - name: row
          in: path
          required: true
          schema:
            type: integer
            minimum: 0
      responses:
        "200":
          description: The thumbnail
          content:
            image/jpeg: {}
        "404":
          $ref: "#/components/responses/NotFound"
  /v1/examples:
    get:
      summary: Example photos the page offers (from Debian's darknet package, a fixed list), each with classes to try
      responses:
        "200":
          description: The examples installed on this server
          content:
            application/json:
              schema:
                type: object
                required: [examples]
                properties:
                  examples:
                    type: array
                    items:
                      type: object
                      required: [name, classes]
                      properties:
                        name:
                          type: string
                          example: dog.jpg
                        classes:
                          type: string
                          example: dog, bicycle, truck
  /v1/examples/{name}:
    get:
      summary: One example photo, by a name `/v1/examples` lists
      parameters:
        - name: name
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: The photo
          content:
            image/jpeg: {}
        "404":
          $ref: "#/components/responses/NotFound"
components:
  responses:
    BadRequest:
      description: A missing or malformed field, an unreadable image, an unknown field
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    RequestTimeout:
      description: The request body did not arrive within the body time limit, or arrived slower than the rate floor
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    TooLarge:
      description: The body exceeds the upload limit, the image the pixel limit, or the classes the class-count or name-length limit
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    NotFound:
      description: No such index, gallery row or example on this server (the message lists what there is)
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    UnsupportedMediaType:
      description: The body is neither multipart/form-data nor application/json
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    Unavailable:
      description: |
        Every computation slot is busy or the request ran past the time limit (both with
        Retry-After), or the route's model is not installed
      headers:
        Retry-After:
          description: Seconds to wait before retrying (busy and timed-out answers only)
          schema:
            type: integer
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
  schemas:
    Error:
      type: object
      required: [error, schema_version]
      properties:
        error:
          type: string
          description: What was wrong with which input
        schema_version:
          type: integer
          enum: [1]
    DetectForm:
      type: object
      required: [image]
      properties:
        image:
          type: string
          format: binary
          description: JPEG, PNG or WebP
        classes:
          type: string
          description: Comma-separated vocabulary; entries may be `phrase|category|parent` (required unless no_vocab)
          example: person, dog, cat
        no_vocab:
          type: boolean
          default: false
          description: Find the detector's models' own classes instead of `classes` (as `glimpse detect --no-vocab`)
        ontology:
          type: string
          description: Instead of `classes`, an ontology YAML as `glimpse label --ontology` reads (prompt: class, or prompt: {class, parent})
        score_thr:
          type: number
          minimum: 0
          maximum: 1
          default: 0.3
        nms_thr:
          type: number
          exclusiveMinimum: true
          minimum: 0
          maximum: 1
          default: 0.5
        max_dets:
          type: integer
          minimum: 1
          default: 100
        tiles:
          type: integer
          minimum: 1
          maximum: 4
          default: 2
          description: Proposals also from tiles x tiles overlapping tiles of pictures whose shorter side is at least 1200 px (small things in large photos); 1 looks at the whole picture only
        frames:
          type: string
          default: "0:1000000:25"
          description: For a video, the frames as START:END:STEP (END included), cut to the first 16
        adapter:
          type: string
          format: binary
          description: The adapter file glimpse adapt writes, applied to every box as `glimpse detect --adapter` applies it (two-stage semantic-transfer detectors only)
    DetectJSON:
      type: object
      required: [image]
      properties:
        image:
          type: string
          format: byte
          description: Base64 of the image file (a data URL is accepted too)
        image_name:
          type: string
          description: Name to report as `image` in the answer (default "upload")
        classes:
          oneOf:
            - type: string
            - type: array
              items:
                type: string
        no_vocab:
          type: boolean
          default: false
        score_thr:
          type: number
        nms_thr:
          type: number
        max_dets:
          type: integer
        tiles:
          type: integer
        frames:
          type: string
        adapter:
          type: string
          description: The adapter file's JSON text
    ImageDetections:
      type: object
      required: [image, width, height, detections]
      properties:
        image:
          type: string
          description: The uploaded file's name
        width:
          type: integer
        height:
          type: integer
        detections:
          type: array
          items:
            $ref: "#/components/schemas/Detection"
    Detection:
      type: object
      required: [box, label, score, category, entry]
      properties:
        box:
          type: array
          minItems: 4
          maxItems: 4
          items:
            type: number
          description: "[x1, y1, x2, y2] in pixels"
        label:
          type: string
        score:
          type: number
        category:
          type: string
        parent:
          type: string
        entry:
          type: integer
          description: Index of the matching vocabulary entry
    TagForm:
      type: object
      required: [image, classes]
      properties:
        image:
          type: string
          format: binary
          description: JPEG, PNG or WebP
        classes:
          type: string
          description: Comma-separated vocabulary; entries may be `phrase|category|parent`
          example: dress, sneaker, bag
        top_k:
          type: integer
          minimum: 1
          default: 5
        windows:
          type: boolean
          default: false
          description: Also score sliding windows (the standard grids of `glimpse tag --windows`)
        fusion:
          type: string
          enum: [mean, max, similarity, variance, similarity-variance]
          default: similarity-variance
        cooccur:
          type: string
          description: The co-occurrence file glimpse cooccur writes (JSON), as `glimpse tag --cooccur` reads it
        cooccur_weight:
          type: number
          minimum: 0
          maximum: 1
          default: 0.1
          description: How much co-occurrence evidence counts (`--cooccur-weight`)
        adapter:
          type: string
          description: The adapter file glimpse adapt writes (JSON), as `glimpse tag --adapter` reads it
    TagJSON:
      type: object
      required: [image, classes]
      properties:
        image:
          type: string
          format: byte
          description: Base64 of the image file (a data URL is accepted too)
        image_name:
          type: string
        classes:
          oneOf:
            - type: string
            - type: array
              items:
                type: string
        top_k:
          type: integer
        windows:
          type: boolean
        fusion:
          type: string
        cooccur:
          type: string
        cooccur_weight:
          type: number
        adapter:
          type: string
    TaggedImage:
      type: object
      required: [image, width, height, windows, tags]
      properties:
        image:
          type: string
        width:
          type: integer
        height:
          type: integer
        windows:
          type: integer
          description: Windows scored besides the whole image
        tags:
          type: array
          items:
            type: object
            required: [class, score]
            properties:
              class:
                type: string
                description: The vocabulary entry's category
              score:
                type: number
    ImageForm:
      type: object
      required: [image]
      properties:
        image:
          type: string
          format: binary
    ImageJSON:
      type: object
      required: [image]
      properties:
        image:
          type: string
          format: byte
        image_name:
          type: string
    EmbeddedImage:
      type: object
      required: [image, width, height, embedder, dimension, embedding]
      properties:
        image:
          type: string
        width:
          type: integer
        height:
          type: integer
        embedder:
          type: string
          description: Embedder id, e.g. mobilenetv2-embed
        dimension:
          type: integer
        embedding:
          type: array
          items:
            type: number
          description: l2-normalised
    SearchForm:
      type: object
      required: [image]
      properties:
        image:
          type: string
          format: binary
        top_k:
          type: integer
          minimum: 1
          maximum: 1000
          default: 10
        k:
          type: integer
          deprecated: true
          description: The previous name of top_k, read until the next release
        index:
          type: string
          description: The name of a served index (see /v1/indexes); default the first
    SearchJSON:
      type: object
      required: [image]
      properties:
        image:
          type: string
          format: byte
        image_name:
          type: string
        top_k:
          type: integer
        k:
          type: integer
          deprecated: true
        index:
          type: string
    SearchAnswer:
      type: object
      required: [query, index, results]
      properties:
        query:
          type: string
          description: The uploaded file's name
        index:
          type: string
          description: The name of the index searched
        results:
          type: array
          items:
            type: object
            required: [item, path, frame, box, distance, row, thumbnail]
            properties:
              item:
                type: string
                description: Product id
              path:
                type: string
                description: "Gallery file: relative to the server's --gallery-root when under it, else its file name only (never the server's absolute path)"
              frame:
                type: integer
                nullable: true
                description: Video frame number; null for still images
              box:
                type: array
                minItems: 4
                maxItems: 4
                items:
                  type: number
              distance:
                type: number
                description: Euclidean distance between l2-normalised vectors (0 to 2)
              row:
                type: integer
                description: The gallery row, as the thumbnail route addresses it
              thumbnail:
                type: string
                description: URL of the row's thumbnail, /v1/indexes/{index}/thumbnails/{row}
    EvalForm:
      type: object
      required: [gt]
      properties:
        gt:
          type: string
          format: binary
          description: "Ground truth: COCO (detection), a label matrix as JSON or .csv (multilabel), relevant ids per query (retrieval)"
        dt:
          type: string
          format: binary
          description: detection only, the COCO results list
        scores:
          type: string
          format: binary
          description: multilabel only, the score matrix
        results:
          type: string
          format: binary
          description: retrieval only, rankings per query or glimpse search --json
        protocol:
          type: string
          enum: [coco, lvis-fixed]
          default: coco
        class_agnostic:
          type: boolean
          default: false
        detections_per_category:
          type: integer
          minimum: 1
          default: 10000
        curves:
          type: boolean
          default: false
          description: detection only, add the precision-recall curves --plot draws
        top_k:
          type: integer
          minimum: 1
          default: 3
        ids:
          type: string
          enum: [path, item]
          default: path
    DetectionReport:
      type: object
      required: [AP, per_category, schema_version]
      description: The summary's metrics under their COCO names (AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl; lvis-fixed has AR instead of AR1/10/100), -1 when undefined
      additionalProperties:
        type: number
      properties:
        per_category:
          type: array
          items:
            type: object
            properties:
              category_id:
                type: integer
              name:
                type: string
              AP:
                type: number
        curves:
          type: array
          items:
            type: object
            properties:
              label:
                type: string
              recall:
                type: array
                items:
                  type: number
              precision:
                type: array
                items:
                  type: number
        schema_version:
          type: integer
    LabelDatasetForm:
      type: object
      required: [pictures]
      properties:
        classes:
          type: string
          example: "puppy|dog|animal, pickup truck|truck|vehicle"
        ontology:
          type: string
          description: Instead of `classes`, the ontology YAML glimpse label --ontology reads
        pictures:
          type: string
          description: A JSON list of /v1/detect answers (ImageDetections), each picture with its own name
        format:
          type: string
          enum: [coco, yolo]
          default: coco
        images:
          type: array
          description: With format=yolo, each picture's file, its file name the picture's name
          items:
            type: string
            format: binary
    CooccurForm:
      type: object
      required: [annotations]
      properties:
        annotations:
          type: string
          format: binary
          description: A COCO file or a multi-label matrix (JSON, or CSV by its file name)
        classes:
          type: string
          description: The vocabulary the matrix is over (`--classes`)
    AdaptForm:
      type: object
      properties:
        classes:
          type: string
          description: text's vocabulary
        captions:
          type: string
          format: binary
          description: text's captions file
        compose:
          type: integer
          minimum: 0
          maximum: 20000
          default: 0
        max_classes:
          type: integer
          minimum: 1
          default: 4
        labels:
          type: string
          format: binary
          description: images' multi-label matrix keyed by file name
        images:
          type: array
          items:
            type: string
            format: binary
        kind:
          type: string
          enum: [probe, cache]
          default: probe
        shots:
          type: integer
          minimum: 0
          default: 0
        sharpness:
          type: number
          default: 5.5
        adapters:
          type: array
          description: combine's adapter files
          items:
            type: string
            format: binary
        steps:
          type: integer
          minimum: 1
          maximum: 5000
          default: 300
        lr:
          type: number
          default: 0.01
        l2:
          type: number
          default: 0.001
        ema:
          type: number
          default: 0.99
        mix:
          type: number
          default: 0.5
        seed:
          type: integer
          default: 20261123
    DatasetToolForm:
      type: object
      properties:
        annotations:
          type: string
          format: binary
          description: agnostic's and convert to=yolo's COCO file
        to:
          type: string
          enum: [yolo, coco]
          description: convert's target format
        labels_zip:
          type: string
          format: binary
          description: convert to=coco's zip of YOLO label files and classes.txt
        images:
          type: array
          description: convert to=coco's pictures, for their sizes
          items:
            type: string
            format: binary
        classes:
          type: string
          format: binary
          description: convert to=coco's class file, one name per line (default the zip's classes.txt)
    AddedPicture:
      type: object
      required: [index, item, path, added, vectors, rows, total_vectors, total_items, schema_version]
      properties:
        index:
          type: string
        item:
          type: string
        path:
          type: string
          description: The kept picture as /v1/search names gallery files
        added:
          type: boolean
        vectors:
          type: integer
        rows:
          type: array
          items:
            type: integer
          description: Gallery rows of its vectors (for the thumbnail route)
        total_vectors:
          type: integer
        total_items:
          type: integer
        schema_version:
          type: integer
    IndexSummary:
      type: object
      required: [name, vectors, items, embedder, addable]
      properties:
        name:
          type: string
        vectors:
          type: integer
          description: Gallery rows (pictures, crops and video frames)
        items:
          type: integer
          description: Distinct products
        embedder:
          type: string
        addable:
          type: boolean
          description: Whether /v1/indexes/{index}/items adds pictures to it (the server keeps uploads)
    ModelManifest:
      type: object
      description: A model's manifest.json (schema in docs/MODELS.md)
      required: [id, family, task]
      properties:
        id:
          type: string
        family:
          type: string
        task:
          type: string
      additionalProperties: true

"""#
}

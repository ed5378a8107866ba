/// The page at `/`, in the spirit of YOLO-World's demo, with a tab per job: Detect (upload a
/// picture or choose an example, type classes, move the score / NMS / max-dets sliders;
/// boxes drawn on a canvas, a table of them and a download), Tag (a bar per class; windows,
/// fusion, a co-occurrence file and an adapter as glimpse tag takes them), Search
/// (choose a served index; the nearest products as thumbnails with item, distance and
/// frame; or add the picture to the index as a product; or check the index, `IndexCheckPart`), Match (a group of photos to one
/// product), Label (many pictures detected with an ontology, each box reviewed, the kept
/// ones downloaded as glimpse label's COCO file or YOLO dataset) and Eval (two files in; the metrics, AP
/// bars and precision-recall curves out), and Adapt (`AdaptTab`: the co-occurrence and
/// adapter files Tag takes, made from uploads) and Dataset (`DatasetTab`: glimpse dataset
/// agnostic and convert). The JSON answer is always beside. One
/// self-contained file (no external scripts or fonts) so the binary serves it offline;
/// keyboard usable, one column on a phone.
enum WebPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Glimpse — open-vocabulary vision</title>
<style>
  :root { font-family: system-ui, "Noto Sans CJK SC", sans-serif; color: #1d1d1f; background: #f5f5f7; }
  body { margin: 0; }
  header { padding: 12px 20px; background: #fff; border-bottom: 1px solid #ddd; }
  header h1 { font-size: 18px; margin: 0; }
  header p { margin: 4px 0 0; font-size: 13px; color: #555; }
  main { display: grid; grid-template-columns: 260px minmax(0, 1fr) 340px; gap: 16px; padding: 16px 20px; }
  section { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 12px; min-width: 0; }
  label { display: block; font-size: 13px; margin: 10px 0 4px; }
  input[type=text], select { width: 100%; box-sizing: border-box; padding: 6px; font-size: 14px; }
  input[type=range] { width: 100%; }
  input[type=file] { max-width: 100%; }
  .value { float: right; font-variant-numeric: tabular-nums; }
  button { margin-top: 14px; width: 100%; padding: 8px; font-size: 15px; background: #0071e3; color: #fff; border: 0; border-radius: 6px; cursor: pointer; }
  button:disabled { background: #9bbbe0; cursor: default; }
  :focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
  [role=tablist] { display: flex; flex-wrap: wrap; gap: 4px; margin-bottom: 10px; }
  [role=tab] { flex: 0 1 auto; width: auto; margin: 0; padding: 6px 3px; font-size: 13px; background: #fff; color: #0071e3; border: 1px solid #0071e3; }
  [role=tab][aria-selected=true] { background: #0071e3; color: #fff; }
  #drop { border: 2px dashed #bbb; border-radius: 6px; padding: 10px; text-align: center; font-size: 13px; color: #666; }
  #drop.over { border-color: #0071e3; color: #0071e3; }
  #examples { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 6px; font-size: 12px; }
  #examples[hidden] { display: none; }
  #examples span { width: 100%; color: #555; }
  #examples button { width: auto; margin: 0; padding: 3px 8px; font-size: 12px; background: #e8f0fe; color: #0b57d0; }
  #view { display: flex; align-items: flex-start; justify-content: center; min-height: 300px; }
  #view > div { max-width: 100%; }
  #canvas { max-width: 100%; height: auto; background: #eee; }
  #status { font-size: 13px; margin-top: 8px; min-height: 1.2em; }
  #status.error { color: #c00; }
  #meanings { list-style: none; padding: 0; margin: 6px 0 0; font-size: 12px; color: #444; }
  #meanings li { margin: 2px 0; }
  #meanings .route { display: inline-block; min-width: 56px; padding: 0 4px; border-radius: 3px; background: #e8f0fe; color: #0b57d0; }
  #meanings .route.words { background: #fdecea; color: #b3261e; }
  label.check { display: flex; gap: 6px; align-items: center; }
  footer { padding: 0 20px 16px; font-size: 12px; color: #555; }
  footer ul { margin: 4px 0 0; padding-left: 18px; }
  button.frame { width: auto; margin: 0; padding: 1px 8px; font-size: 12px; }
  #download { display: inline-block; margin-top: 8px; font-size: 13px; }
  #download[hidden] { display: none; }
  table { border-collapse: collapse; font-size: 12px; width: 100%; margin-bottom: 10px; }
  th, td { text-align: left; padding: 2px 6px 2px 0; border-bottom: 1px solid #eee; font-variant-numeric: tabular-nums; }
  .bar { display: grid; grid-template-columns: 40% 1fr 3em; gap: 6px; align-items: center; font-size: 12px; margin: 3px 0; }
  .bar span.fill { display: block; height: 10px; background: #0071e3; border-radius: 2px; }
  .hits { list-style: none; padding: 0; margin: 0 0 10px; display: grid; grid-template-columns: repeat(auto-fill, minmax(96px, 1fr)); gap: 8px; }
  .hits figure { margin: 0; font-size: 11px; }
  .hits img, .hits .missing { display: block; width: 100%; aspect-ratio: 1; object-fit: contain; background: #eee; border-radius: 4px; }
  .hits .missing { display: flex; align-items: center; justify-content: center; text-align: center; color: #666; }
  .hits figcaption { margin-top: 2px; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
  .hits figcaption b { display: block; }
  .note { font-size: 12px; color: #555; }
  [hidden] { display: none !important; }
  .review { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; width: 100%; }
  .review figure { margin: 0; font-size: 12px; border: 1px solid #eee; border-radius: 6px; padding: 6px; min-width: 0; }
  .review canvas { display: block; width: 100%; height: auto; background: #eee; }
  .review figcaption { font-weight: 600; overflow-wrap: anywhere; margin: 4px 0 2px; }
  .review ul { list-style: none; padding: 0; margin: 0; }
  .review label { display: flex; gap: 6px; align-items: center; margin: 2px 0; font-size: 12px; }
  .review .failed, #results .failed { color: #c00; }
  #panel-label button + button { margin-top: 6px; }
  #dataset-link { display: block; margin-top: 8px; font-size: 13px; }
  @media (max-width: 800px) { main { grid-template-columns: minmax(0, 1fr); padding: 10px; gap: 10px; } }
  pre { margin: 0; font-size: 12px; white-space: pre-wrap; word-break: break-all; max-height: 80vh; overflow: auto; }
</style>
</head>
<body>
<header>
  <h1>Glimpse</h1>
  <p>Detect, tag, search, match, label, evaluate, make the files tagging learns from or convert a dataset: choose a picture (or an example, or several to match or label), type what to look for (comma-separated, any language, <code>phrase|category|parent</code> allowed) or pick an index, and read the answer beside it.</p>
</header>
<main>
  <section aria-label="Controls">
    <div role="tablist" aria-label="Job">
      <button role="tab" id="tab-detect" aria-controls="panel-detect" aria-selected="true">Detect</button>
      <button role="tab" id="tab-tag" aria-controls="panel-tag" aria-selected="false" tabindex="-1">Tag</button>
      <button role="tab" id="tab-search" aria-controls="panel-search" aria-selected="false" tabindex="-1">Search</button>
      <button role="tab" id="tab-match" aria-controls="panel-match" aria-selected="false" tabindex="-1">Match</button>
      <button role="tab" id="tab-label" aria-controls="panel-label" aria-selected="false" tabindex="-1">Label</button>
      <button role="tab" id="tab-eval" aria-controls="panel-eval" aria-selected="false" tabindex="-1">Eval</button>
      <button role="tab" id="tab-adapt" aria-controls="panel-adapt" aria-selected="false" tabindex="-1">Adapt</button>
      <button role="tab" id="tab-dataset" aria-controls="panel-dataset" aria-selected="false" tabindex="-1">Dataset</button>
    </div>
    <div id="picture-input">
      <div id="drop"><label for="file" style="margin:0 0 4px">Drop an image or a video here, or choose one</label><input id="file" type="file" accept="image/jpeg,image/png,image/webp,video/*,.mp4,.mov,.mkv,.webm,.avi,.m4v"></div>
      <div id="examples" role="group" aria-label="Example photos" hidden><span>Or try an example:</span></div>
    </div>
    <div id="vocabulary">
      <label for="classes">Classes</label>
      <input id="classes" type="text" value="person, dog, cat, bicycle" autocomplete="off" aria-describedby="meanings">
      <ul id="meanings" aria-live="polite"></ul>
    </div>
    <div id="panel-detect" role="tabpanel" aria-labelledby="tab-detect">
      <label class="check"><input id="anything" type="checkbox"> Anything: the models' own classes instead</label>
      <label for="score">Score threshold <span class="value" id="score-value"></span></label>
      <input id="score" type="range" min="0" max="1" step="0.01" value="0.3">
      <label for="nms">NMS threshold <span class="value" id="nms-value"></span></label>
      <input id="nms" type="range" min="0.05" max="1" step="0.05" value="0.5">
      <label for="maxdets">Max boxes <span class="value" id="maxdets-value"></span></label>
      <input id="maxdets" type="range" min="1" max="300" step="1" value="100">
      <div id="video-frames" hidden>
        <label for="frames">Video frames (start:end:step, at most 16)</label>
        <input id="frames" type="text" value="0:1000000:25" autocomplete="off">
      </div>
      <label for="detect-adapter">Adapter file (<code>glimpse adapt</code>'s, optional)</label>
      <input id="detect-adapter" type="file" accept=".json,application/json">
      <button id="detect" disabled>Detect</button>
    </div>
    <div id="panel-tag" role="tabpanel" aria-labelledby="tab-tag" hidden>
      <p class="note">Scores every class on the whole picture, with <code>glimpse tag</code>'s options.</p>
      <label class="check"><input id="tag-windows" type="checkbox"> Sliding windows too, fused with the whole picture</label>
      <label for="tag-fusion">Window fusion</label>
      <select id="tag-fusion">
        <option value="similarity-variance">similarity × variance</option>
        <option value="similarity">similarity</option>
        <option value="variance">variance</option>
        <option value="mean">mean</option>
        <option value="max">max</option>
      </select>
      <label for="tag-cooccur">Co-occurrence file (<code>glimpse cooccur</code>'s, optional)</label>
      <input id="tag-cooccur" type="file" accept=".json,application/json">
      <label for="tag-cooccur-weight">Co-occurrence weight <span class="value" id="tag-cooccur-weight-value"></span></label>
      <input id="tag-cooccur-weight" type="range" min="0" max="1" step="0.05" value="0.1">
      <label for="tag-adapter">Adapter file (<code>glimpse adapt</code>'s, optional)</label>
      <input id="tag-adapter" type="file" accept=".json,application/json">
      <button id="tag" disabled>Tag the whole picture</button>
    </div>
    <div id="panel-search" role="tabpanel" aria-labelledby="tab-search" hidden>
      <label for="index">Index</label>
      <select id="index"></select>
      <p class="note" id="no-index" hidden>This server has no index: start it with <code>glimpse serve --index NAME=PATH</code>.</p>
      <label for="k">Results <span class="value" id="k-value"></span></label>
      <input id="k" type="range" min="1" max="50" step="1" value="10">
      <button id="search" disabled>Search</button>
      <button id="embed" type="button" disabled>The picture's vector (JSON)</button> <a id="embed-link" hidden></a>
\#(IndexCheckPart.button)
      <div id="adding" hidden>
        <label for="item">Or add the picture (a video: its frames) to the index as product</label>
        <input id="item" type="text" autocomplete="off" placeholder="product id">
        <button id="add" disabled>Add to the index</button>
      </div>
      <p class="note" id="no-adding" hidden>To add pictures from this page, start the server with <code>--uploads DIR</code>.</p>
    </div>
    <div id="panel-match" role="tabpanel" aria-labelledby="tab-match" hidden>
      <label for="match-files">Photos of one product</label>
      <input id="match-files" type="file" accept="image/jpeg,image/png,image/webp" multiple>
      <label for="match-index">Index</label>
      <select id="match-index"></select>
      <p class="note">Every box of every photo takes its nearest gallery box; the closest, most frequent item wins (<code>glimpse match</code>'s rule).</p>
      <button id="match" disabled>Match</button>
    </div>
    <div id="panel-label" role="tabpanel" aria-labelledby="tab-label" hidden>
      <label for="label-files">Pictures or videos to label (a video: every 25th frame, at most 16)</label>
      <input id="label-files" type="file" accept="image/jpeg,image/png,image/webp,video/*,.mp4,.mov,.mkv,.webm,.avi,.m4v" multiple>
      <p class="note">The classes are the ontology: <code>prompt|class|parent</code> writes the class and its parent into the dataset, as <code>glimpse label --ontology</code> does. Or choose the ontology file itself:</p>
      <label for="ontology-file">Ontology (YAML, optional)</label>
      <input id="ontology-file" type="file" accept=".yaml,.yml,text/yaml,text/plain">
      <label for="label-score">Score threshold <span class="value" id="label-score-value"></span></label>
      <input id="label-score" type="range" min="0" max="1" step="0.01" value="0.3">
      <button id="label" disabled>Label the pictures</button>
      <label for="label-format">Dataset format</label>
      <select id="label-format">
        <option value="coco">COCO: annotations.json</option>
        <option value="yolo">YOLO: dataset.zip with the pictures</option>
      </select>
      <button id="label-download" disabled>Make the dataset of the kept boxes</button>
      <a id="dataset-link" download="annotations.json" hidden>annotations.json</a>
    </div>
    <div id="panel-eval" role="tabpanel" aria-labelledby="tab-eval" hidden>
      <label for="eval-kind">Evaluation</label>
      <select id="eval-kind">
        <option value="detection">detection: COCO AP, as pycocotools</option>
        <option value="multilabel">multi-label: mAP, CP/CR/CF1</option>
        <option value="retrieval">retrieval: Recall@k, mAP</option>
        <option value="dataset">a COCO dataset's statistics</option>
      </select>
      <label for="eval-gt" id="eval-gt-label">Ground truth</label>
      <input id="eval-gt" type="file" accept=".json,.csv,application/json,text/csv">
      <div id="eval-second">
        <label for="eval-results" id="eval-results-label">Results</label>
        <input id="eval-results" type="file" accept=".json,.csv,application/json,text/csv">
      </div>
      <p class="note" id="eval-note"></p>
      <button id="eval" disabled>Evaluate</button>
    </div>
\#(AdaptTab.panel)
\#(DatasetTab.panel)
    <div id="status" role="status"></div>
  </section>
  <section id="view" aria-label="Picture"><div id="single"><canvas id="canvas" width="640" height="360" role="img" aria-label="the picture with its boxes"></canvas>
    <br><a id="download" download="glimpse.png" hidden>Download the annotated picture</a></div>
    <div id="gallery" class="review" aria-label="pictures to review" hidden></div></section>
  <section aria-label="Answer"><div id="results" aria-live="polite"></div><pre id="json">{}</pre></section>
</main>
<footer><details id="models-info"><summary>Models on this server</summary><ul id="models"></ul>
  <button id="verify-models" type="button">Verify their files</button> <span id="models-verified" role="status"></span></details></footer>
<script>
"use strict";
// Box colours, one per vocabulary entry (Detection.entry), cycling.
const PALETTE = ["#ff3b30", "#34c759", "#007aff", "#ff9500", "#af52de", "#00c7be", "#ffcc00", "#ff2d55"];
const MAX_WIDTH = 800;
const TABS = ["detect", "tag", "search", "match", "label", "eval", "adapt", "dataset"];
const $ = (id) => document.getElementById(id);
let file = null, picture = null, pending = null, generation = 0, job = "detect", indexes = [], labelled = [];
// A chosen video: its element (frames are drawn from it) and the answer per frame.
let video = null, frameAnswers = [];
// Whether the chosen file is a video (Detect draws its frames; adding to an index sends it whole).
let chosenIsVideo = false;
// The Label tab's ontology file, when one is chosen: sent instead of the classes.
let ontologyText = null;
const VIDEO_NAME = /\.(mp4|mov|mkv|webm|avi|m4v|mpe?g|ts|flv)$/i;

function showValues() {
  $("score-value").textContent = Number($("score").value).toFixed(2);
  $("nms-value").textContent = Number($("nms").value).toFixed(2);
  $("maxdets-value").textContent = $("maxdets").value;
  $("k-value").textContent = $("k").value;
  $("tag-cooccur-weight-value").textContent = Number($("tag-cooccur-weight").value).toFixed(2);
  $("label-score-value").textContent = Number($("label-score").value).toFixed(2);
}

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

function draw(result) {
  if (!picture) return;
  const canvas = $("canvas"), g = canvas.getContext("2d");
  const scale = Math.min(1, MAX_WIDTH / picture.width);
  canvas.width = Math.round(picture.width * scale);
  canvas.height = Math.round(picture.height * scale);
  g.drawImage(picture, 0, 0, canvas.width, canvas.height);
  if (!result) return;
  g.font = "14px system-ui, 'Noto Sans CJK SC', sans-serif";
  g.textBaseline = "top";
  for (const d of result.detections) {
    const colour = PALETTE[d.entry % PALETTE.length];
    const [x1, y1, x2, y2] = d.box.map((v) => v * scale);
    g.strokeStyle = colour;
    g.lineWidth = 3;
    g.strokeRect(x1, y1, x2 - x1, y2 - y1);
    const text = `${d.label} ${d.score.toFixed(2)}`;
    const w = g.measureText(text).width + 8, h = 18;
    const ty = y1 - h >= 0 ? y1 - h : y1;  // above the box when there is room
    g.fillStyle = colour;
    g.fillRect(x1 - 1.5, ty, w, h);
    g.fillStyle = "#fff";
    g.fillText(text, x1 + 2.5, ty + 2);
  }
}

// One request at a time counts: an answer that arrives after a newer request started is dropped.
async function post(what, url, form, show, onError) {
  const mine = ++generation;
  setStatus(`${what}…`);
  for (const id of TABS) $(id).disabled = true;
  const started = performance.now();
  try {
    const response = await fetch(url, { method: "POST", body: form });
    // The text too: a file the server made (Adapt) is offered as the very bytes it sent.
    const text = await response.text(), body = JSON.parse(text);
    if (mine !== generation) return;
    $("json").textContent = JSON.stringify(body, null, 2);
    if (!response.ok) {
      setStatus(`${response.status}: ${body.error}`, true);
      $("results").replaceChildren();
      if (onError) onError();
    } else {
      setStatus(`${show(body, text)} in ${Math.round(performance.now() - started)} ms`);
    }
  } catch (error) {
    if (mine === generation) setStatus(`request failed: ${error}`, true);
  } finally {
    if (mine === generation) {
      enableButtons();
      document.body.dataset.state = "done";
    }
  }
}

// A job on the chosen picture.
function ask(what, url, form, show) {
  if (!file) return;
  form.append("image", file, file.name || "upload");
  return post(what, url, form, show, () => draw(null));
}

function enableButtons() {
  $("detect").disabled = !file;
  // Tag and search read one picture; Detect and adding to an index also take a video.
  $("tag").disabled = !file || chosenIsVideo;
  $("search").disabled = !file || chosenIsVideo || indexes.length === 0;
  $("embed").disabled = !file || chosenIsVideo;
  $("add").disabled = !file || !chosenIndex()?.addable || !$("item").value.trim();
  $("label").disabled = $("label-files").files.length === 0;
  $("match").disabled = $("match-files").files.length === 0 || indexes.length === 0;
  $("label-download").disabled = labelled.length === 0;
  $("eval").disabled = $("eval-gt").files.length === 0 || ($("eval-kind").value !== "dataset" && $("eval-results").files.length === 0);
  $("adapt").disabled = !adaptReady();
  $("index-check").disabled = indexes.length === 0;
  $("dataset").disabled = !datasetReady();
}

function detect() {
  const form = new FormData();
  if ($("anything").checked) form.append("no_vocab", "true"); else form.append("classes", $("classes").value);
  form.append("score_thr", $("score").value);
  form.append("nms_thr", $("nms").value);
  form.append("max_dets", $("maxdets").value);
  if (video) form.append("frames", $("frames").value);
  const adapter = $("detect-adapter").files[0];
  if (adapter) form.append("adapter", adapter, adapter.name);
  return ask("detecting", "/v1/detect", form, (body) => {
    if (Array.isArray(body)) return showFrames(body);
    draw(body);
    showBoxes(body.detections);
    const n = body.detections.length;
    return `${n} ${n === 1 ? "box" : "boxes"}`;
  });
}

// A video's answer: a row per frame (number, time, what was found); choosing one draws that
// frame from the video with its boxes.
function showFrames(frames) {
  frameAnswers = frames;
  const table = document.createElement("table"), rows = document.createElement("tbody");
  table.innerHTML = "<caption class=note>Frames: choose one to see its boxes</caption><thead><tr><th>frame</th><th>time</th><th>found</th></tr></thead>";
  frames.forEach((f, k) => {
    const row = document.createElement("tr"), cell = document.createElement("td"), pick = document.createElement("button");
    pick.type = "button";
    pick.className = "frame";
    pick.textContent = f.frame;
    pick.addEventListener("click", () => showFrame(k));
    cell.append(pick);
    const found = f.detections.map((d) => d.label).join(", ") || "nothing";
    row.append(cell, Object.assign(document.createElement("td"), { textContent: f.time === undefined || f.time === null ? "" : `${f.time.toFixed(3)} s` }),
      Object.assign(document.createElement("td"), { textContent: found }));
    rows.append(row);
  });
  table.append(rows);
  $("results").replaceChildren(table);
  if (frames.length) showFrame(0);
  const boxes = frames.reduce((n, f) => n + f.detections.length, 0);
  return `${frames.length} frames, ${boxes} ${boxes === 1 ? "box" : "boxes"}`;
}

// Seeks the video to the frame's time and draws it, then its boxes.
function showFrame(k) {
  const answer = frameAnswers[k];
  if (!video || !answer) return;
  frameCanvas(video, answer.time ?? 0).then((still) => {
    picture = still;
    draw(answer);
    document.body.dataset.frame = String(answer.frame);
  });
}

// The boxes as a table, best first, and the annotated picture as a download.
function showBoxes(detections) {
  const table = document.createElement("table");
  table.innerHTML = "<caption class=note>Boxes, in the picture's pixels</caption><thead><tr><th>label</th><th>score</th><th>box (x1, y1, x2, y2)</th></tr></thead>";
  const body = document.createElement("tbody");
  for (const d of detections) {
    const row = document.createElement("tr");
    for (const text of [d.label, d.score.toFixed(2), d.box.map((v) => Math.round(v)).join(", ")]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    body.append(row);
  }
  table.append(body);
  $("results").replaceChildren(table);
  const link = $("download");
  link.href = $("canvas").toDataURL("image/png");
  link.hidden = false;
}

// POST /v1/tag: a score per class for the whole picture, drawn as bars.
function tag() {
  if (job !== "tag") select("tag", false);
  const form = new FormData();
  form.append("classes", $("classes").value);
  form.append("top_k", "10");
  if ($("tag-windows").checked) form.append("windows", "true");
  form.append("fusion", $("tag-fusion").value);
  const cooccur = $("tag-cooccur").files[0], adapter = $("tag-adapter").files[0];
  if (cooccur) {
    form.append("cooccur", cooccur, cooccur.name);
    form.append("cooccur_weight", $("tag-cooccur-weight").value);
  }
  if (adapter) form.append("adapter", adapter, adapter.name);
  return ask("tagging", "/v1/tag", form, (body) => {
    draw(null);
    $("results").replaceChildren(...body.tags.map((t) => bar(t.class, t.score)));
    return `${body.tags.length} tags`;
  });
}

function chosenIndex() { return indexes.find((i) => i.name === $("index").value); }

// The add-a-product block shows when the chosen index can take pictures (the server keeps uploads).
function showAdding() {
  const index = chosenIndex();
  $("adding").hidden = !index?.addable;
  $("no-adding").hidden = !index || index.addable;
  enableButtons();
}

// POST /v1/indexes/{index}/items: the chosen picture (or the frames of the chosen video, those
// `index add` takes) becomes a product of the index; the thumbnails come from the server's copy.
function addToIndex() {
  const index = chosenIndex(), item = $("item").value.trim();
  if (!file || !index || !item) return;
  const form = new FormData();
  form.append("item", item);
  form.append("image", file, file.name || "upload");
  return post(`adding to ${index.name}`, `/v1/indexes/${encodeURIComponent(index.name)}/items`, form, (body) => {
    const figure = document.createElement("figure"), caption = document.createElement("figcaption"), list = document.createElement("ul");
    list.className = "hits";
    list.setAttribute("aria-label", `added to ${body.index}`);
    for (const row of body.rows) {
      const item = document.createElement("li"), image = document.createElement("img");
      image.src = `/v1/indexes/${encodeURIComponent(body.index)}/thumbnails/${row}`;
      image.alt = `${body.item}, row ${row}`;
      item.append(image);
      list.append(item);
    }
    caption.textContent = body.added ? `${body.item}: added (${body.vectors} ${body.vectors === 1 ? "vector" : "vectors"})` : `${body.item}: this picture was already in the index`;
    figure.append(caption);
    $("results").replaceChildren(figure, list);
    loadIndexes(index.name);
    return `${body.index} now holds ${body.total_items} products, ${body.total_vectors} pictures`;
  });
}

// POST /v1/embed: the chosen picture's search vector, as glimpse embed --json prints it, offered
// as a download (for a vector store of one's own).
function embed() {
  if (!file) return;
  const form = new FormData();
  form.append("image", file, file.name || "upload");
  return post("embedding", "/v1/embed", form, (body, text) => {
    const link = $("embed-link"), name = `${(file.name || "picture").replace(/\.[^.]*$/, "")}.embedding.json`;
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = name;
    link.textContent = `Download ${name} (${body.dimension} values, ${body.embedder})`;
    link.hidden = false;
    return `${body.dimension}-d vector by ${body.embedder}`;
  });
}

// POST /v1/search: the nearest gallery products, as thumbnails the server cuts from its own files.
function search() {
  if (!indexes.length) return;
  const form = new FormData();
  form.append("index", $("index").value);
  form.append("top_k", $("k").value);
  return ask("searching", "/v1/search", form, (body) => {
    draw(null);
    const list = document.createElement("ol");
    list.className = "hits";
    list.setAttribute("aria-label", `nearest products in ${body.index}`);
    for (const hit of body.results) {
      const item = document.createElement("li"), figure = document.createElement("figure");
      const image = document.createElement("img");
      image.src = hit.thumbnail;
      image.alt = `item ${hit.item}${hit.frame === null ? "" : ", frame " + hit.frame}`;
      image.onerror = () => {
        const missing = document.createElement("div");
        missing.className = "missing";
        missing.textContent = "no picture";
        image.replaceWith(missing);
      };
      const caption = document.createElement("figcaption"), name = document.createElement("b");
      name.textContent = hit.item;
      caption.append(name, `distance ${hit.distance.toFixed(3)}`);
      if (hit.frame !== null) caption.append(document.createElement("br"), `frame ${hit.frame}`);
      figure.append(image, caption);
      item.append(figure);
      list.append(item);
    }
    $("results").replaceChildren(list);
    const n = body.results.length;
    return `${n} ${n === 1 ? "product" : "products"} from ${body.index}`;
  });
}

// POST /v1/match: the chosen photos as one group; the matched product's frame as a thumbnail.
function match() {
  const files = Array.from($("match-files").files), index = $("match-index").value;
  if (!files.length || !index) return;
  const form = new FormData();
  form.append("index", index);
  for (const chosen of files) form.append("images", chosen, chosen.name);
  return post(`matching ${files.length} ${files.length === 1 ? "photo" : "photos"}`, "/v1/match", form, (body) => {
    const shown = [];
    for (const m of body.matches) {
      const figure = document.createElement("figure"), caption = document.createElement("figcaption"), name = document.createElement("b");
      const list = document.createElement("ul");
      list.className = "hits";
      if (m.row !== undefined && m.row !== null) {
        const item = document.createElement("li"), image = document.createElement("img");
        image.src = `/v1/indexes/${encodeURIComponent(body.index)}/thumbnails/${m.row}`;
        image.alt = `${m.item}${m.frame === null ? "" : ", frame " + m.frame}`;
        item.append(image);
        list.append(item);
      }
      name.textContent = m.item;
      caption.append(name, `distance ${m.distance.toFixed(3)}`, document.createElement("br"),
        `from ${m.image}${m.frame === null ? "" : ", frame " + m.frame}`);
      figure.append(list, caption);
      shown.push(figure);
    }
    for (const r of body.rejected) shown.push(Object.assign(document.createElement("p"), { textContent: `no match: ${r.reason}` }));
    for (const f of body.failures) shown.push(Object.assign(document.createElement("p"), { className: "failed", textContent: `${f.image}: ${f.error}` }));
    $("results").replaceChildren(...shown);
    return body.matches.length ? `matched ${body.matches[0].item} in ${body.index}` : "no match";
  });
}

// Label: each chosen picture detected in turn (one request each, so a large folder never
// meets the upload limit), shown with a tick box per box; the kept boxes become the COCO file
// glimpse label writes (POST /v1/label/dataset assembles it with the command's own code).
async function label() {
  const files = Array.from($("label-files").files);
  if (!files.length) return;
  const mine = ++generation;
  for (const id of TABS) $(id).disabled = true;
  $("label-download").disabled = true;
  $("dataset-link").hidden = true;
  labelled = [];
  const gallery = $("gallery"), seen = new Map();
  gallery.replaceChildren();
  let failures = 0;
  for (const [i, chosen] of files.entries()) {
    if (mine !== generation) return;
    setStatus(`labelling ${i + 1} of ${files.length}…`);
    // Two files of one name would be one picture in the dataset: the second gets a suffix.
    const count = seen.get(chosen.name) || 0;
    seen.set(chosen.name, count + 1);
    const name = count ? chosen.name.replace(/(\.[^.]*)?$/, `-${count + 1}$1`) : chosen.name;
    const form = new FormData();
    appendOntology(form);
    form.append("score_thr", $("label-score").value);
    form.append("image", chosen, name);
    let body = null, problem = null;
    try {
      const response = await fetch("/v1/detect", { method: "POST", body: form });
      body = await response.json();
      if (!response.ok) problem = `${response.status}: ${body.error}`;
    } catch (error) { problem = `request failed: ${error}`; }
    if (mine !== generation) return;
    if (problem) {
      failures += 1;
      const figure = document.createElement("figure"), caption = document.createElement("figcaption"), why = document.createElement("p");
      caption.textContent = name;
      why.className = "failed";
      why.textContent = problem;
      figure.append(caption, why);
      gallery.append(figure);
      continue;
    }
    $("json").textContent = JSON.stringify(body, null, 2);
    if (Array.isArray(body)) {
      // A video: the server's selected frames, each a picture of the dataset as glimpse label
      // writes it ("clip.mp4#frame=25"), its pixels cut from the video here (PNG, as the command's).
      const element = await playable(chosen);
      for (const answer of body) {
        if (mine !== generation) return;
        const still = element ? await frameCanvas(element, answer.time ?? 0) : null;
        const entry = { answer, file: still ? await new Promise((done) => still.toBlob(done, "image/png")) : null, kept: answer.detections.map(() => true),
                        bitmap: still ? await createImageBitmap(still).catch(() => null) : null };
        labelled.push(entry);
        gallery.append(reviewCard(entry));
      }
      continue;
    }
    const entry = { answer: body, file: chosen, kept: body.detections.map(() => true), bitmap: await createImageBitmap(chosen).catch(() => null) };
    labelled.push(entry);
    gallery.append(reviewCard(entry));
  }
  const boxes = labelled.reduce((n, e) => n + e.kept.length, 0);
  setStatus(`${labelled.length} ${labelled.length === 1 ? "picture" : "pictures"}, ${boxes} ${boxes === 1 ? "box" : "boxes"}` +
    (failures ? `, ${failures} not read` : "") + ": untick the wrong boxes, then make the dataset", failures > 0);
  document.body.dataset.state = "done";
  enableButtons();
}

// A video element that has loaded `chosen`, or null when this browser cannot play it.
function playable(chosen) {
  return new Promise((done) => {
    const element = document.createElement("video");
    element.muted = true;
    element.preload = "auto";
    element.onloadeddata = () => done(element);
    element.onerror = () => done(null);
    element.src = URL.createObjectURL(chosen);
  });
}

// The video's picture at `time` seconds, on a canvas of its own size.
function frameCanvas(element, time) {
  return new Promise((done) => {
    const paint = () => {
      const still = document.createElement("canvas");
      still.width = element.videoWidth; still.height = element.videoHeight;
      still.getContext("2d").drawImage(element, 0, 0);
      done(still);
    };
    if (Math.abs(element.currentTime - time) < 1e-3 && element.readyState >= 2) { paint(); return; }
    element.addEventListener("seeked", paint, { once: true });
    element.currentTime = time;
  });
}

// A picture's name in the dataset: a video frame's is "clip.mp4#frame=25", as glimpse label's.
function datasetName(answer) {
  return answer.frame === undefined || answer.frame === null ? answer.image : `${answer.image}#frame=${answer.frame}`;
}

// What the Label tab looks for: the ontology file when one is chosen, else the classes.
function appendOntology(form) {
  if (ontologyText !== null) form.append("ontology", ontologyText); else form.append("classes", $("classes").value);
}

// One picture of the review: its boxes drawn (rejected ones dashed grey) and a tick box each.
function reviewCard(entry) {
  const figure = document.createElement("figure"), canvas = document.createElement("canvas"), caption = document.createElement("figcaption");
  const list = document.createElement("ul");
  caption.textContent = datasetName(entry.answer);
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", `${datasetName(entry.answer)} with its boxes`);
  const paint = () => {
    const { width, height } = entry.answer, scale = Math.min(1, 400 / width);
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const g = canvas.getContext("2d");
    if (entry.bitmap) g.drawImage(entry.bitmap, 0, 0, canvas.width, canvas.height);
    entry.answer.detections.forEach((d, k) => {
      const [x1, y1, x2, y2] = d.box.map((v) => v * scale);
      g.setLineDash(entry.kept[k] ? [] : [4, 3]);
      g.strokeStyle = entry.kept[k] ? PALETTE[d.entry % PALETTE.length] : "#888";
      g.lineWidth = 2;
      g.strokeRect(x1, y1, x2 - x1, y2 - y1);
    });
  };
  entry.answer.detections.forEach((d, k) => {
    const item = document.createElement("li"), label = document.createElement("label"), tick = document.createElement("input");
    tick.type = "checkbox";
    tick.checked = true;
    tick.addEventListener("change", () => { entry.kept[k] = tick.checked; paint(); $("dataset-link").hidden = true; });
    label.append(tick, `${d.category}${d.parent ? " < " + d.parent : ""} ${d.score.toFixed(2)}`);
    item.append(label);
    list.append(item);
  });
  if (!entry.answer.detections.length) list.append(Object.assign(document.createElement("li"), { textContent: "no boxes" }));
  paint();
  figure.append(canvas, caption, list);
  return figure;
}

// The kept boxes as glimpse label writes them: COCO's annotations.json, or the YOLO dataset as
// one zip (the pictures' files go with the boxes, each under its name in the answers).
async function makeDataset() {
  const pictures = labelled.map((e) => ({ ...e.answer, detections: e.answer.detections.filter((_, k) => e.kept[k]) }));
  const yolo = $("label-format").value === "yolo", name = yolo ? "dataset.zip" : "annotations.json";
  const form = new FormData();
  appendOntology(form);
  form.append("pictures", JSON.stringify(pictures));
  form.append("format", yolo ? "yolo" : "coco");
  if (yolo) {
    const missing = labelled.filter((e) => !e.file).map((e) => datasetName(e.answer));
    if (missing.length) { setStatus(`this browser could not cut ${missing.join(", ")} from the video: the YOLO dataset needs the pictures; COCO does not`, true); return; }
    for (const e of labelled) form.append("images", e.file, datasetName(e.answer));
  }
  setStatus(`writing ${name}…`);
  try {
    const response = await fetch("/v1/label/dataset", { method: "POST", body: form });
    if (!response.ok) { setStatus(`${response.status}: ${(await response.json()).error}`, true); return; }
    const blob = await response.blob(), link = $("dataset-link");
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(blob);
    link.download = name;
    const kept = pictures.reduce((n, p) => n + p.detections.length, 0);
    link.textContent = `Download ${name} (${pictures.length} ${pictures.length === 1 ? "picture" : "pictures"}, ${kept} ${kept === 1 ? "box" : "boxes"})`;
    link.hidden = false;
    setStatus(`${name} is ready`);
  } catch (error) { setStatus(`request failed: ${error}`, true); }
}

// Eval: the two files of `glimpse eval KIND`, the numbers as a table, AP (per category or
// class) as bars and, for detection, the precision-recall curves on the canvas.
const EVAL_FILES = {
  detection: ["dt", "Ground truth (COCO annotations.json)", "Detections (COCO results list)", "Numbers from 0 to 1, as pycocotools prints them; -1 is undefined."],
  multilabel: ["scores", "Labels (matrix: JSON or .csv)", "Scores (matrix: JSON or .csv)", "Percent; each image predicts its 3 best classes."],
  retrieval: ["results", "Relevant gallery ids per query (JSON)", "Rankings per query, or glimpse search --json", "Percent."],
  dataset: [null, "COCO annotations.json", "", "Images, boxes per class and box sizes, as glimpse dataset stats."],
};
const METRIC_ORDER = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "AR", "ARs", "ARm", "ARl",
  "mAP", "CP", "CR", "CF1", "OP", "OR", "OF1", "recall_at_1", "recall_at_5", "recall_at_10", "match_precision", "match_recall", "match_f1", "ranked_queries"];

function showEvalKind() {
  const [, gt, results, note] = EVAL_FILES[$("eval-kind").value];
  $("eval-gt-label").textContent = gt;
  $("eval-results-label").textContent = results;
  $("eval-note").textContent = note;
  $("eval-second").hidden = !results;
  enableButtons();
}

function evaluate() {
  const kind = $("eval-kind").value, gt = $("eval-gt").files[0], results = $("eval-results").files[0];
  if (!gt || (kind !== "dataset" && !results)) return;
  const form = new FormData();
  form.append("gt", gt, gt.name);
  if (EVAL_FILES[kind][0]) form.append(EVAL_FILES[kind][0], results, results.name);
  if (kind === "detection") form.append("curves", "true");
  return post("evaluating", `/v1/eval/${kind}`, form, (body) => {
    if (kind === "dataset") { showDataset(body); return "read"; }
    const table = document.createElement("table"), rows = document.createElement("tbody");
    table.innerHTML = `<caption class=note>${kind}</caption><thead><tr><th>metric</th><th>value</th></tr></thead>`;
    for (const key of METRIC_ORDER.filter((k) => typeof body[k] === "number")) {
      const row = document.createElement("tr"), name = document.createElement("td"), value = document.createElement("td");
      name.textContent = key;
      value.textContent = Number.isInteger(body[key]) && key === "ranked_queries" ? body[key] : body[key].toFixed(kind === "detection" ? 3 : 2);
      row.append(name, value);
      rows.append(row);
    }
    table.append(rows);
    const perClass = kind === "detection" ? body.per_category.map((c) => [c.name, c.AP])
      : kind === "multilabel" ? Object.entries(body.per_class_ap).map(([name, ap]) => [name, ap / 100]) : [];
    $("results").replaceChildren(table, ...perClass.map(([name, ap]) => bar(name, Math.max(0, ap))));
    if (kind === "detection") drawCurves(body.curves);
    return "evaluated";
  });
}

// A dataset's numbers: counts, instances per class as bars, and the box-size histogram.
function showDataset(body) {
  const table = document.createElement("table"), rows = document.createElement("tbody");
  table.innerHTML = "<caption class=note>dataset</caption><thead><tr><th>what</th><th>count</th></tr></thead>";
  for (const [name, value] of [["images", body.images], ["without annotations", body.images_without_annotations], ["annotations", body.annotations],
    ["small / medium / large", `${body.small} / ${body.medium} / ${body.large}`]]) {
    const row = document.createElement("tr");
    row.append(Object.assign(document.createElement("td"), { textContent: name }), Object.assign(document.createElement("td"), { textContent: value }));
    rows.append(row);
  }
  table.append(rows);
  const most = Math.max(1, ...body.classes.map((c) => c.instances)), largest = Math.max(1, ...body.size_histogram);
  const classes = body.classes.map((c) => { const b = bar(c.name, c.instances / most); b.lastChild.textContent = c.instances; return b; });
  const sizes = body.size_histogram.map((n, i) => { const b = bar(`side ≤ ${body.size_bin_edges[i]} px`, n / largest); b.lastChild.textContent = n; return b; });
  const heading = (text) => Object.assign(document.createElement("p"), { className: "note", textContent: text });
  $("results").replaceChildren(table, heading("instances per class"), ...classes, heading("box sizes (square root of the area)"), ...sizes);
}

function bar(text, score) {
  const row = document.createElement("div");
  row.className = "bar";
  const name = document.createElement("span"), track = document.createElement("span"), value = document.createElement("span");
  name.textContent = text;
  const fill = document.createElement("span");
  fill.className = "fill";
  fill.style.width = `${Math.round(score * 100)}%`;
  track.append(fill);
  track.setAttribute("role", "img");
  track.setAttribute("aria-label", `score ${score.toFixed(2)}`);
  value.textContent = score.toFixed(2);
  row.append(name, track, value);
  return row;
}

// Precision over recall, one line per IoU setting, on the page's canvas.
function drawCurves(curves) {
  const canvas = $("canvas"), g = canvas.getContext("2d");
  canvas.width = 640; canvas.height = 420;
  const left = 50, top = 20, width = 560, height = 340;
  g.fillStyle = "#fff"; g.fillRect(0, 0, canvas.width, canvas.height);
  g.strokeStyle = "#999"; g.lineWidth = 1; g.setLineDash([]);
  g.strokeRect(left, top, width, height);
  g.fillStyle = "#333"; g.font = "13px system-ui, sans-serif"; g.textBaseline = "middle";
  for (let t = 0; t <= 10; t += 2) {
    g.fillText((t / 10).toFixed(1), left - 30, top + height - height * t / 10);
    g.fillText((t / 10).toFixed(1), left + width * t / 10 - 8, top + height + 14);
  }
  g.fillText("recall", left + width / 2 - 18, top + height + 34);
  g.save(); g.translate(14, top + height / 2 + 30); g.rotate(-Math.PI / 2); g.fillText("precision", 0, 0); g.restore();
  curves.forEach((curve, k) => {
    g.strokeStyle = PALETTE[k % PALETTE.length]; g.lineWidth = 2.5;
    g.beginPath();
    curve.recall.forEach((r, i) => {
      const x = left + width * r, y = top + height - height * curve.precision[i];
      i ? g.lineTo(x, y) : g.moveTo(x, y);
    });
    g.stroke();
    g.fillStyle = PALETTE[k % PALETTE.length];
    g.fillRect(left + width - 150, top + 12 + 20 * k, 14, 4);
    g.fillStyle = "#333";
    g.fillText(curve.label, left + width - 130, top + 14 + 20 * k);
  });
  canvas.setAttribute("aria-label", "precision-recall curves");
}

// Choosing a picture runs the job at once where one picture is the whole input.
function run() {
  if (video && job !== "detect") { setStatus("a video is read by Detect only: choose a picture to tag or search with"); return undefined; }
  const go = { detect, tag, search }[job];
  return go ? go() : undefined;
}

function load(chosen) {
  if (!chosen) return;
  file = chosen;
  $("download").hidden = true;
  const url = URL.createObjectURL(chosen);
  video = null;
  $("video-frames").hidden = true;
  chosenIsVideo = (chosen.type || "").startsWith("video/") || VIDEO_NAME.test(chosen.name || "");
  if (chosenIsVideo && job === "search") {
    // On the Search tab a video is for adding to the index: the server reads its frames.
    picture = null;
    enableButtons();
    setStatus(`${chosen.name}: a video; "Add to the index" files its frames as a product (Search takes a picture)`);
    return;
  }
  if (chosenIsVideo) {
    // A video is detected frame by frame (Detect only); the page draws the frames itself.
    const element = document.createElement("video");
    element.muted = true;
    element.preload = "auto";
    element.onloadeddata = () => {
      video = element;
      $("video-frames").hidden = false;
      if (job !== "detect") select("detect", false);
      picture = null;
      enableButtons();
      detect();
    };
    element.onerror = () => setStatus(`${chosen.name}: the browser cannot play this video (the server may still read it)`, true);
    element.src = url;
    return;
  }
  const image = new Image();
  image.onload = () => { picture = image; draw(null); enableButtons(); run(); };
  image.onerror = () => setStatus(`${chosen.name}: the browser cannot show this picture`, true);
  image.src = url;
}

// The tabs: one job shown at a time; arrow keys move between them (WAI-ARIA tabs).
function select(name, runIt = true) {
  job = name;
  for (const other of TABS) {
    const tab = $("tab-" + other), on = other === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $("panel-" + other).hidden = !on;
  }
  $("vocabulary").hidden = name === "search" || name === "match" || name === "eval" || name === "dataset" || (name === "adapt" && $("adapt-kind").value !== "text");
  $("classes").disabled = (name === "detect" && $("anything").checked) || (name === "label" && ontologyText !== null);
  $("picture-input").hidden = name === "label" || name === "match" || name === "eval" || name === "adapt" || name === "dataset";
  $("single").hidden = name === "label";
  $("gallery").hidden = name !== "label";
  $("view").hidden = name === "match" || name === "adapt" || name === "dataset";
  $("download").hidden = name !== "detect" || $("download").hidden;
  // A video chosen on the Search tab is loaded for Detect's frames when Detect is chosen.
  if (name === "detect" && chosenIsVideo && !video && file) { load(file); return; }
  if (runIt && picture) run();
}
for (const name of TABS) {
  const tab = $("tab-" + name);
  tab.addEventListener("click", () => select(name));
  tab.addEventListener("keydown", (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (e.key === "Home" || e.key === "End" || step) {
      e.preventDefault();
      const next = e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : (TABS.indexOf(name) + step + TABS.length) % TABS.length;
      $("tab-" + TABS[next]).focus();
      select(TABS[next]);
    }
  });
}

// GET /v1/indexes: the galleries this server searches.
async function loadIndexes(keep) {
  try {
    const response = await fetch("/v1/indexes");
    indexes = response.ok ? (await response.json()).indexes : [];
  } catch (e) { indexes = []; }
  $("index").replaceChildren(...indexes.map((i) => {
    const option = document.createElement("option");
    option.value = i.name;
    option.textContent = `${i.name} (${i.items} products, ${i.vectors} pictures)`;
    return option;
  }));
  $("match-index").replaceChildren(...Array.from($("index").options).map((o) => o.cloneNode(true)));
  if (keep) $("index").value = keep;
  $("index").disabled = indexes.length === 0;
  $("no-index").hidden = indexes.length > 0;
  showAdding();
}

// GET /v1/models: what the server runs, one line per installed model.
async function loadModels() {
  try {
    const response = await fetch("/v1/models");
    if (!response.ok) return;
    const models = await response.json();
    $("models").replaceChildren(...models.map((m) => Object.assign(document.createElement("li"),
      { textContent: `${m.id}: ${m.family}, ${m.task}${m.licence ? " (" + m.licence + ")" : ""}` })));
  } catch (e) { /* the page works without the list */ }
}

// GET /v1/models/verify: every model file's SHA-256 against its manifest (glimpse models verify).
async function verifyModels() {
  $("verify-models").disabled = true;
  $("models-verified").textContent = "verifying…";
  try {
    const response = await fetch("/v1/models/verify");
    const body = await response.json();
    if (!response.ok) { $("models-verified").textContent = body.error || `verification failed (${response.status})`; return; }
    const broken = body.models.filter((m) => !m.ok);
    $("models-verified").textContent = broken.length === 0 && body.problems.length === 0
      ? `all ${body.models.length} intact`
      : [...broken.map((m) => `${m.id}: ${m.problem}`), ...body.problems].join("; ");
  } catch (e) {
    $("models-verified").textContent = `verification failed: ${e.message}`;
  } finally {
    $("verify-models").disabled = false;
  }
}

// GET /v1/examples: photos installed on the server, each with classes to try.
async function loadExamples() {
  try {
    const response = await fetch("/v1/examples");
    if (!response.ok) return;
    const { examples } = await response.json();
    const box = $("examples");
    for (const example of examples) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = example.name.replace(/\.[a-z]+$/, "");
      button.addEventListener("click", async () => {
        setStatus(`loading ${example.name}…`);
        const blob = await (await fetch(`/v1/examples/${encodeURIComponent(example.name)}`)).blob();
        $("classes").value = example.classes;
        explain();
        load(new File([blob], example.name, { type: blob.type || "image/jpeg" }));
      });
      box.append(button);
    }
    box.hidden = examples.length === 0;
  } catch (e) { /* no examples: the upload is enough */ }
}

// How each typed name is understood (GET /v1/vocab/explain), shown under the class box.
async function explain() {
  const list = $("meanings");
  try {
    const response = await fetch("/v1/vocab/explain?classes=" + encodeURIComponent($("classes").value));
    if (!response.ok) { list.replaceChildren(); return; }
    const meanings = await response.json();
    list.replaceChildren(...meanings.map((m) => {
      const item = document.createElement("li");
      const route = document.createElement("span");
      route.className = "route " + m.route;
      route.textContent = m.route;
      const sense = m.senses.length ? (m.senses[0].lemmas[0] || m.senses[0].wnid) : null;
      const counts = `${m.imagenet_classes.length} ImageNet, ${m.coco_classes.length} COCO`;
      const what = m.route === "words" ? (sense ? "no class near it: word similarity" : "unknown word: word similarity")
        : m.route === "graph" ? `${sense} · weights predicted from WordNet`
        : `${sense}${m.route === "hyponym" ? " < " + m.anchors.map((a) => a.lemmas[0]).join(", ") : ""} · ${counts}`;
      item.append(route, ` ${m.name} → ${what}${m.colour ? " · " + m.colour : ""}`);
      item.title = m.summary;   // the whole explanation on hover
      return item;
    }));
  } catch (e) { list.replaceChildren(); }
}
let explaining = null;
$("classes").addEventListener("input", () => { clearTimeout(explaining); explaining = setTimeout(explain, 300); });

// Moving a slider re-runs the job once the hand stops (the vocabulary stays cached on the server).
function later() {
  showValues();
  clearTimeout(pending);
  pending = setTimeout(run, 250);
}

$("file").addEventListener("change", (e) => load(e.target.files[0]));
$("detect").addEventListener("click", detect);
$("tag").addEventListener("click", tag);
$("search").addEventListener("click", search);
$("embed").addEventListener("click", embed);
$("label").addEventListener("click", label);
$("ontology-file").addEventListener("change", async (e) => {
  const chosen = e.target.files[0];
  ontologyText = chosen ? await chosen.text() : null;
  $("classes").disabled = ontologyText !== null && job === "label";
  $("dataset-link").hidden = true;
});
$("match").addEventListener("click", match);
$("label-download").addEventListener("click", makeDataset);
$("eval").addEventListener("click", evaluate);
$("eval-kind").addEventListener("change", showEvalKind);
for (const id of ["label-files", "match-files", "eval-gt", "eval-results"]) $(id).addEventListener("change", enableButtons);
$("classes").addEventListener("input", () => { $("dataset-link").hidden = true; });
$("label-format").addEventListener("change", () => { $("dataset-link").hidden = true; });
$("anything").addEventListener("change", () => { $("classes").disabled = $("anything").checked; if (picture && job === "detect") detect(); });
$("index").addEventListener("change", () => { showAdding(); if (picture) search(); });
$("add").addEventListener("click", addToIndex);
$("verify-models").addEventListener("click", verifyModels);
$("item").addEventListener("input", enableButtons);
$("item").addEventListener("keydown", (e) => { if (e.key === "Enter") addToIndex(); });
$("classes").addEventListener("keydown", (e) => { if (e.key === "Enter") run(); });
for (const id of ["score", "nms", "maxdets", "k"]) $(id).addEventListener("input", later);
$("label-score").addEventListener("input", showValues);
$("tag-cooccur-weight").addEventListener("input", showValues);
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); load(e.dataTransfer.files[0]); });
showValues();
showEvalKind();
\#(IndexCheckPart.script)
\#(AdaptTab.script)
\#(DatasetTab.script)
explain();
loadIndexes();
loadExamples();
loadModels();
</script>
</body>
</html>

"""#
}

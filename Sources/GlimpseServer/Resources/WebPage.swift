/// The page at `/`, in the spirit of YOLO-World's demo: upload a picture, type classes, move
/// the score / NMS / max-boxes sliders; boxes and labels are drawn on a canvas with the JSON
/// answer beside it. One self-contained file (no external scripts or fonts) so the binary
/// serves it offline.
enum WebPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Glimpse — open-vocabulary detection</title>
<style>
  :root { font-family: system-ui, "Noto Sans CJK SC", sans-serif; color: #1d1d1f; background: #f5f5f7; }
  body { margin: 0; }
  header { padding: 12px 20px; background: #fff; border-bottom: 1px solid #ddd; }
  header h1 { font-size: 18px; margin: 0; }
  header p { margin: 4px 0 0; font-size: 13px; color: #555; }
  main { display: grid; grid-template-columns: 260px minmax(0, 1fr) 340px; gap: 16px; padding: 16px 20px; }
  section { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 12px; }
  label { display: block; font-size: 13px; margin: 10px 0 4px; }
  input[type=text] { width: 100%; box-sizing: border-box; padding: 6px; font-size: 14px; }
  input[type=range] { width: 100%; }
  .value { float: right; font-variant-numeric: tabular-nums; }
  button { margin-top: 14px; width: 100%; padding: 8px; font-size: 15px; background: #0071e3; color: #fff; border: 0; border-radius: 6px; cursor: pointer; }
  button:disabled { background: #9bbbe0; cursor: default; }
  #drop { border: 2px dashed #bbb; border-radius: 6px; padding: 10px; text-align: center; font-size: 13px; color: #666; }
  #drop.over { border-color: #0071e3; color: #0071e3; }
  #view { display: flex; align-items: flex-start; justify-content: center; min-height: 300px; }
  #canvas { max-width: 100%; background: #eee; }
  #status { font-size: 13px; margin-top: 8px; min-height: 1.2em; }
  #status.error { color: #c00; }
  #meanings { list-style: none; padding: 0; margin: 6px 0 0; font-size: 12px; color: #444; }
  #meanings li { margin: 2px 0; }
  #meanings .route { display: inline-block; min-width: 56px; padding: 0 4px; border-radius: 3px; background: #e8f0fe; color: #0b57d0; }
  #meanings .route.words { background: #fdecea; color: #b3261e; }
  button.secondary { background: #fff; color: #0071e3; border: 1px solid #0071e3; margin-top: 8px; }
  button.secondary:disabled { color: #9bbbe0; border-color: #9bbbe0; }
  #download { display: inline-block; margin-top: 8px; font-size: 13px; }
  #download[hidden] { display: none; }
  table { border-collapse: collapse; font-size: 12px; width: 100%; margin-bottom: 10px; }
  th, td { text-align: left; padding: 2px 6px 2px 0; border-bottom: 1px solid #eee; font-variant-numeric: tabular-nums; }
  .bar { display: grid; grid-template-columns: 40% 1fr 3em; gap: 6px; align-items: center; font-size: 12px; margin: 3px 0; }
  .bar span.fill { display: block; height: 10px; background: #0071e3; border-radius: 2px; }
  @media (max-width: 800px) { main { grid-template-columns: minmax(0, 1fr); } }
  pre { margin: 0; font-size: 12px; white-space: pre-wrap; word-break: break-all; max-height: 80vh; overflow: auto; }
</style>
</head>
<body>
<header>
  <h1>Glimpse</h1>
  <p>Prompt, then detect: type what to look for (comma-separated, any language, <code>phrase|category|parent</code> allowed), choose a picture, and move the sliders.</p>
</header>
<main>
  <section>
    <div id="drop">Drop an image here, or<br><input id="file" type="file" accept="image/jpeg,image/png,image/webp"></div>
    <label for="classes">Classes</label>
    <input id="classes" type="text" value="person, dog, cat, bicycle" autocomplete="off" aria-describedby="meanings">
    <ul id="meanings" aria-live="polite"></ul>
    <label for="score">Score threshold <span class="value" id="score-value"></span></label>
    <input id="score" type="range" min="0" max="1" step="0.01" value="0.3">
    <label for="nms">NMS threshold <span class="value" id="nms-value"></span></label>
    <input id="nms" type="range" min="0.05" max="1" step="0.05" value="0.5">
    <label for="maxdets">Max boxes <span class="value" id="maxdets-value"></span></label>
    <input id="maxdets" type="range" min="1" max="300" step="1" value="100">
    <button id="detect" disabled>Detect</button>
    <button id="tag" class="secondary" disabled>Tag the whole picture</button>
    <div id="status" role="status"></div>
  </section>
  <section id="view"><div><canvas id="canvas" width="640" height="360" aria-label="the picture with its boxes"></canvas>
    <br><a id="download" download="glimpse.png" hidden>Download the annotated picture</a></div></section>
  <section><div id="results"></div><pre id="json">{}</pre></section>
</main>
<script>
"use strict";
// Box colours, one per vocabulary entry (Detection.entry), cycling.
const PALETTE = ["#ff3b30", "#34c759", "#007aff", "#ff9500", "#af52de", "#00c7be", "#ffcc00", "#ff2d55"];
const MAX_WIDTH = 800;
const $ = (id) => document.getElementById(id);
let file = null, picture = null, pending = null, generation = 0;

function showValues() {
  $("score-value").textContent = Number($("score").value).toFixed(2);
  $("nms-value").textContent = Number($("nms").value).toFixed(2);
  $("maxdets-value").textContent = $("maxdets").value;
}

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

function draw(result) {
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

async function detect() {
  if (!file) return;
  const mine = ++generation;
  const form = new FormData();
  form.append("image", file, file.name || "upload");
  form.append("classes", $("classes").value);
  form.append("score_thr", $("score").value);
  form.append("nms_thr", $("nms").value);
  form.append("max_dets", $("maxdets").value);
  setStatus("detecting…");
  $("detect").disabled = true;
  const started = performance.now();
  try {
    const response = await fetch("/v1/detect", { method: "POST", body: form });
    const body = await response.json();
    if (mine !== generation) return;  // a newer request is on its way
    $("json").textContent = JSON.stringify(body, null, 2);
    if (!response.ok) {
      setStatus(`${response.status}: ${body.error}`, true);
      draw(null);
    } else {
      draw(body);
      showBoxes(body.detections);
      const n = body.detections.length;
      setStatus(`${n} ${n === 1 ? "box" : "boxes"} in ${Math.round(performance.now() - started)} ms`);
    }
  } catch (error) {
    if (mine === generation) setStatus(`request failed: ${error}`, true);
  } finally {
    if (mine === generation) {
      $("detect").disabled = false;
      document.body.dataset.state = "done";
    }
  }
}

function load(chosen) {
  if (!chosen) return;
  file = chosen;
  const url = URL.createObjectURL(chosen);
  const image = new Image();
  image.onload = () => { picture = image; draw(null); $("tag").disabled = false; detect(); };
  image.onerror = () => setStatus(`${chosen.name}: the browser cannot show this picture`, true);
  image.src = url;
}

// The boxes as a table, best first, and the annotated picture as a download.
function showBoxes(detections) {
  const table = document.createElement("table");
  table.innerHTML = "<thead><tr><th>label</th><th>score</th><th>box (x1, y1, x2, y2)</th></tr></thead>";
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
async function tag() {
  if (!file) return;
  const form = new FormData();
  form.append("image", file, file.name || "upload");
  form.append("classes", $("classes").value);
  form.append("top_k", "10");
  setStatus("tagging…");
  try {
    const response = await fetch("/v1/tag", { method: "POST", body: form });
    const body = await response.json();
    $("json").textContent = JSON.stringify(body, null, 2);
    if (!response.ok) { setStatus(`${response.status}: ${body.error}`, true); return; }
    $("results").replaceChildren(...body.tags.map((t) => {
      const row = document.createElement("div");
      row.className = "bar";
      const name = document.createElement("span"), track = document.createElement("span"), value = document.createElement("span");
      name.textContent = t.class;
      const fill = document.createElement("span");
      fill.className = "fill";
      fill.style.width = `${Math.round(t.score * 100)}%`;
      track.append(fill);
      value.textContent = t.score.toFixed(2);
      row.append(name, track, value);
      return row;
    }));
    setStatus(`${body.tags.length} tags`);
  } catch (error) { setStatus(`request failed: ${error}`, true); }
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

// Moving a slider re-runs the detection once the hand stops (the vocabulary stays cached on the server).
function later() {
  showValues();
  clearTimeout(pending);
  pending = setTimeout(detect, 250);
}

$("file").addEventListener("change", (e) => load(e.target.files[0]));
$("detect").addEventListener("click", detect);
$("tag").addEventListener("click", tag);
$("classes").addEventListener("keydown", (e) => { if (e.key === "Enter") detect(); });
for (const id of ["score", "nms", "maxdets"]) $(id).addEventListener("input", later);
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); load(e.dataTransfer.files[0]); });
showValues();
explain();
</script>
</body>
</html>

"""#
}

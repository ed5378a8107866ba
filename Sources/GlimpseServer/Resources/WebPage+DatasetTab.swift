/// The web page's Dataset tab: `glimpse dataset agnostic` and `glimpse dataset convert`
/// (COCO to YOLO labels as a zip, and back) on chosen files (POST /v1/dataset/{kind}), the
/// file the command writes offered as a download. `WebPage.html` splices the panel and the script in.
enum DatasetTab {
    static let panel = #"""
    <div id="panel-dataset" role="tabpanel" aria-labelledby="tab-dataset" hidden>
      <p class="note">The tools of <code>glimpse dataset</code>; the file the command writes is offered as a download.</p>
      <label for="dataset-kind">Tool</label>
      <select id="dataset-kind">
        <option value="agnostic">class-agnostic: every category becomes "object"</option>
        <option value="yolo">COCO to YOLO labels (labels.zip)</option>
        <option value="coco">YOLO labels (a zip) to COCO</option>
      </select>
      <div id="dataset-from-coco">
        <label for="dataset-annotations">COCO file</label>
        <input id="dataset-annotations" type="file" accept=".json,application/json">
      </div>
      <div id="dataset-from-yolo" hidden>
        <label for="dataset-labels">YOLO labels: a zip with classes.txt and a .txt per picture</label>
        <input id="dataset-labels" type="file" accept=".zip,application/zip">
        <label for="dataset-pictures">The pictures, for their sizes</label>
        <input id="dataset-pictures" type="file" accept="image/jpeg,image/png" multiple>
      </div>
      <button id="dataset" disabled>Convert</button>
      <a id="dataset-tool-link" hidden></a>
    </div>
"""#

    static let script = #"""
// Dataset: glimpse dataset agnostic and convert on the chosen files; the answer is the
// command's file (a JSON dataset, or YOLO labels as a zip), offered as a download.
function showDatasetKind() {
  const kind = $("dataset-kind").value;
  $("dataset-from-coco").hidden = kind === "coco";
  $("dataset-from-yolo").hidden = kind !== "coco";
  $("dataset-tool-link").hidden = true;
  enableButtons();
}

function datasetReady() {
  return $("dataset-kind").value === "coco"
    ? $("dataset-labels").files.length > 0 && $("dataset-pictures").files.length > 0
    : $("dataset-annotations").files.length > 0;
}

async function runDatasetTool() {
  const kind = $("dataset-kind").value, form = new FormData();
  if (kind === "coco") {
    form.append("to", "coco");
    form.append("labels_zip", $("dataset-labels").files[0], $("dataset-labels").files[0].name);
    for (const picture of $("dataset-pictures").files) form.append("images", picture, picture.name);
  } else {
    if (kind === "yolo") form.append("to", "yolo");
    form.append("annotations", $("dataset-annotations").files[0], $("dataset-annotations").files[0].name);
  }
  const url = kind === "agnostic" ? "/v1/dataset/agnostic" : "/v1/dataset/convert";
  const name = { agnostic: "agnostic.json", yolo: "labels.zip", coco: "annotations.json" }[kind], link = $("dataset-tool-link");
  link.hidden = true;
  $("dataset").disabled = true;
  setStatus(`writing ${name}…`);
  try {
    const response = await fetch(url, { method: "POST", body: form });
    if (!response.ok) {
      const body = await response.json();
      $("json").textContent = JSON.stringify(body, null, 2);
      setStatus(`${response.status}: ${body.error}`, true);
      return;
    }
    const blob = await response.blob();
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.textContent = `Download ${name} (${blob.size} bytes)`;
    link.hidden = false;
    if (name.endsWith(".json")) $("json").textContent = JSON.stringify(JSON.parse(await blob.text()), null, 2);
    setStatus(`${name} is ready`);
  } catch (error) {
    setStatus(`request failed: ${error}`, true);
  } finally {
    enableButtons();
    document.body.dataset.state = "done";
  }
}

$("dataset").addEventListener("click", runDatasetTool);
$("dataset-kind").addEventListener("change", showDatasetKind);
for (const id of ["dataset-annotations", "dataset-labels", "dataset-pictures"]) $(id).addEventListener("change", enableButtons);
showDatasetKind();
"""#
}

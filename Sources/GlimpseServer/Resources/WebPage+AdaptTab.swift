/// The web page's Adapt tab: the files Tag takes, made by the server from uploads as
/// `glimpse cooccur` (POST /v1/cooccur) and `glimpse adapt text|images|combine`
/// (POST /v1/adapt/{kind}) write them, each offered as a download to choose in Tag.
/// `WebPage.html` splices the panel and the script in.
enum AdaptTab {
    static let panel = #"""
    <div id="panel-adapt" role="tabpanel" aria-labelledby="tab-adapt" hidden>
      <p class="note">Make the files Tag (and, for an adapter, Detect) takes, as <code>glimpse cooccur</code> and <code>glimpse adapt</code> write them; download one, then choose it there.</p>
      <label for="adapt-kind">File to make</label>
      <select id="adapt-kind">
        <option value="cooccur">co-occurrence, from an annotation file</option>
        <option value="text">adapter from captions, for the classes</option>
        <option value="images">adapter from labelled pictures</option>
        <option value="combine">adapters combined into one</option>
      </select>
      <div id="adapt-cooccur">
        <label for="adapt-annotations">Annotations (COCO, or a multi-label matrix: JSON or .csv)</label>
        <input id="adapt-annotations" type="file" accept=".json,.csv,application/json,text/csv">
      </div>
      <div id="adapt-text" hidden>
        <label for="adapt-captions">Captions file (a caption, a tab, its classes, per line; optional)</label>
        <input id="adapt-captions" type="file" accept=".txt,.tsv,text/plain">
        <label for="adapt-compose">Captions composed from the classes</label>
        <input id="adapt-compose" type="number" min="0" max="20000" step="100" value="2000">
      </div>
      <div id="adapt-images" hidden>
        <label for="adapt-labels">Labels (multi-label matrix whose image ids are the file names)</label>
        <input id="adapt-labels" type="file" accept=".json,.csv,application/json,text/csv">
        <label for="adapt-pictures">Labelled pictures</label>
        <input id="adapt-pictures" type="file" accept="image/jpeg,image/png,image/webp" multiple>
        <label for="adapt-probe">Kind</label>
        <select id="adapt-probe">
          <option value="probe">linear probe</option>
          <option value="cache">cache (Tip-Adapter)</option>
        </select>
        <label for="adapt-shots">Pictures per class (0: all)</label>
        <input id="adapt-shots" type="number" min="0" value="0">
      </div>
      <div id="adapt-combine" hidden>
        <label for="adapt-adapters">Adapter files</label>
        <input id="adapt-adapters" type="file" accept=".json,application/json" multiple>
      </div>
      <button id="adapt" disabled>Make the file</button>
      <a id="adapt-link" hidden></a>
    </div>
"""#

    static let script = #"""
// Adapt: the files Tag takes (glimpse cooccur's matrix, glimpse adapt's adapters), made by
// the server from the chosen files and offered as downloads, the bytes the commands write.
const ADAPT_KINDS = ["cooccur", "text", "images", "combine"];

function showAdaptKind() {
  const kind = $("adapt-kind").value;
  for (const k of ADAPT_KINDS) $("adapt-" + k).hidden = k !== kind;
  if (job === "adapt") $("vocabulary").hidden = kind !== "text";
  $("adapt-link").hidden = true;
  enableButtons();
}

function adaptReady() {
  switch ($("adapt-kind").value) {
    case "cooccur": return $("adapt-annotations").files.length > 0;
    case "text": return $("adapt-captions").files.length > 0 || Number($("adapt-compose").value) > 0;
    case "images": return $("adapt-labels").files.length > 0 && $("adapt-pictures").files.length > 0;
    default: return $("adapt-adapters").files.length > 0;
  }
}

function adapt() {
  const kind = $("adapt-kind").value, form = new FormData();
  if (kind === "cooccur") {
    form.append("annotations", $("adapt-annotations").files[0], $("adapt-annotations").files[0].name);
  } else if (kind === "text") {
    form.append("classes", $("classes").value);
    form.append("compose", $("adapt-compose").value || "0");
    const captions = $("adapt-captions").files[0];
    if (captions) form.append("captions", captions, captions.name);
  } else if (kind === "images") {
    form.append("labels", $("adapt-labels").files[0], $("adapt-labels").files[0].name);
    for (const picture of $("adapt-pictures").files) form.append("images", picture, picture.name);
    form.append("kind", $("adapt-probe").value);
    form.append("shots", $("adapt-shots").value || "0");
  } else {
    for (const adapter of $("adapt-adapters").files) form.append("adapters", adapter, adapter.name);
  }
  const url = kind === "cooccur" ? "/v1/cooccur" : `/v1/adapt/${kind}`, name = kind === "cooccur" ? "cooccur.json" : "adapter.json";
  $("adapt-link").hidden = true;
  return post(`making ${name}`, url, form, (body, text) => {
    const link = $("adapt-link");
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = name;
    link.textContent = `Download ${name} (${body.classes.length} ${body.classes.length === 1 ? "class" : "classes"}), then choose it in Tag${kind === "cooccur" ? "" : " or Detect"}`;
    link.hidden = false;
    $("results").replaceChildren();
    return `${name} is ready`;
  });
}

$("adapt").addEventListener("click", adapt);
$("adapt-kind").addEventListener("change", showAdaptKind);
for (const id of ["adapt-annotations", "adapt-captions", "adapt-labels", "adapt-pictures", "adapt-adapters"]) $(id).addEventListener("change", enableButtons);
$("adapt-compose").addEventListener("input", enableButtons);
showAdaptKind();
"""#
}

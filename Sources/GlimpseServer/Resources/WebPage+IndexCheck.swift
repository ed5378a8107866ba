/// The Search tab's index check: the chosen index's `glimpse index info --json` and
/// `glimpse index check --json` (GET /v1/indexes/{index}/info and /check) as a short list.
/// `WebPage.html` splices the button and the script in.
enum IndexCheckPart {
    static let button = #"""
      <button id="index-check" disabled>Check the index</button>
"""#

    static let script = #"""
// The chosen index's info and check, one request after the other (each takes a computation slot).
async function checkIndex() {
  const index = chosenIndex();
  if (!index) return;
  $("index-check").disabled = true;
  setStatus(`checking ${index.name}…`);
  try {
    const answers = {};
    for (const what of ["info", "check"]) {
      const response = await fetch(`/v1/indexes/${encodeURIComponent(index.name)}/${what}`);
      answers[what] = await response.json();
      if (!response.ok) {
        $("json").textContent = JSON.stringify(answers[what], null, 2);
        setStatus(`${response.status}: ${answers[what].error}`, true);
        return;
      }
    }
    const { info, check } = answers;
    $("json").textContent = JSON.stringify(answers, null, 2);
    const lines = [`${check.index}: ${info.sources} files, ${info.vectors} vectors, ${info.items} products`,
      `embedder: ${info.embedder ? `${info.embedder.id} (${info.embedder.dimension}-d)` : "none yet"}`,
      check.problems.length ? `damaged, ${check.problems.length} ${check.problems.length === 1 ? "problem" : "problems"}:` : "check: ok",
      ...check.problems,
      `checksums: ${check.checksummed_vectors} of ${check.vectors} vector rows`];
    const list = document.createElement("ul");
    list.className = "index-report";
    list.setAttribute("aria-label", `the index ${index.name}`);
    list.append(...lines.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
    $("results").replaceChildren(list);
    setStatus(check.problems.length ? `${index.name} is damaged: rebuild it into a new file` : `${index.name} is healthy`, check.problems.length > 0);
  } catch (error) {
    setStatus(`request failed: ${error}`, true);
  } finally {
    enableButtons();
    document.body.dataset.state = "done";
  }
}

$("index-check").addEventListener("click", checkIndex);
"""#
}

// MathJax configuration; loaded before the vendored tex-svg-full.js (see mkdocs.yml).
// Only elements that pymdownx.arithmatex marked (class "arithmatex") are typeset, with the
// \( \) and \[ \] delimiters it writes. Deliberately no MathJax.startup.output.clearCache():
// it blanks CHTML output and does not exist for SVG output.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  }
};

// Re-typeset after Material swaps page content (navigation.instant); wait for start-up first.
document$.subscribe(() => {
  MathJax.startup.promise.then(() => {
    MathJax.typesetClear();
    MathJax.texReset();
    return MathJax.typesetPromise();
  });
});

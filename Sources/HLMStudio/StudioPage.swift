import Hummingbird

/// The studio's one page: HTML with inline CSS and an inline script (`StudioPage.script`), served from the
/// binary; nothing is loaded from elsewhere (the Content-Security-Policy forbids it).
enum StudioPage {
    /// The page as a response, with a policy that allows only its own inline script and style and requests to
    /// this server.
    static func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "connect-src 'self'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The document.
    static var html: String {
        #"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>hlm-studio</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f4f5f7; }
        header { background: #1f3a5f; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: baseline; }
        header h1 { font-size: 18px; margin: 0; }
        main { display: grid; grid-template-columns: minmax(560px, 1fr) minmax(420px, 1fr); gap: 12px; padding: 12px; }
        section { background: #fff; border: 1px solid #d5d9e0; border-radius: 6px; padding: 8px 12px; margin-bottom: 12px; }
        h2 { font-size: 15px; margin: 4px 0 8px; }
        label { margin-right: 10px; white-space: nowrap; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { padding: 2px 6px; border-bottom: 1px solid #eceef2; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        td.actions { text-align: left; white-space: nowrap; }
        button { font: inherit; font-size: 12px; padding: 1px 6px; margin: 1px; border: 1px solid #9aa5b5; border-radius: 4px; background: #f8f9fb; cursor: pointer; }
        button.on { background: #1f3a5f; color: #fff; }
        button.primary { font-size: 14px; padding: 4px 14px; background: #2e6b3f; color: #fff; border-color: #2e6b3f; }
        button:disabled { opacity: 0.5; cursor: default; }
        .equation { border: 1px solid #d5d9e0; border-radius: 4px; padding: 4px 8px; margin: 4px 0; cursor: pointer; }
        .equation.selected { border-color: #1f3a5f; box-shadow: 0 0 0 1px #1f3a5f; }
        .term { display: inline-block; background: #e8edf5; border-radius: 3px; padding: 0 4px; margin: 1px 2px; }
        pre { background: #f8f9fb; border: 1px solid #eceef2; padding: 6px; overflow-x: auto; font-size: 12.5px; margin: 4px 0; }
        .error { color: #a12a1a; white-space: pre-wrap; }
        #status { margin-left: 8px; }
        iframe { width: 100%; height: 640px; border: 1px solid #d5d9e0; background: #fff; }
        .muted { color: #667; font-size: 12px; }
        </style></head>
        <body>
        <header><h1>hlm-studio</h1><span id="folder"></span></header>
        <main>
        <div>
          <section><h2>Data</h2>
            <label>Level-1 file <select id="level1-file"></select></label>
            <label>Level-2 file <select id="level2-file"></select></label>
            <label>ID <select id="id-column"></select></label><br>
            <label>Level-3 file <select id="level3-file"></select></label>
            <label>Level-3 ID <select id="level3-id"></select></label>
            <label>Missing codes <input id="missing" size="8" placeholder="-99,999"></label>
          </section>
          <section><h2>Level-1 variables</h2><table id="level1-variables"></table>
            <p class="muted">Outcome sets Y; + adds a level-1 predictor (uncentred, group- or grand-mean centred);
            &sigma;&sup2; models log &sigma;&sup2; by the variable.</p></section>
          <section><h2>Level-2 variables</h2><table id="level2-variables"></table>
            <p class="muted">+ adds the variable to the selected level-2 equation.</p></section>
          <section id="level3-section" hidden><h2>Level-3 variables</h2><table id="level3-variables"></table>
            <p class="muted">+ adds the variable to the selected level-3 equation (three levels: choose a level-3 ID).</p></section>
        </div>
        <div>
          <section><h2>Model</h2>
            <div id="level1-equation"></div>
            <div id="level2-equations"></div>
            <div id="level3-equations"></div>
            <div id="variance-model"></div>
          </section>
          <section><h2>Settings</h2>
            <label>Method <select id="method"><option value="">default</option><option value="reml">REML</option><option value="fml">full ML</option></select></label>
            <label>Iterations <input id="max-iterations" type="number" min="1" size="5"></label>
            <label><input id="homvar" type="checkbox"> homogeneity test</label><br>
            <label>Outcome <select id="family"><option value="normal">normal</option><option value="bernoulli">bernoulli (0/1)</option><option value="binomial">binomial</option><option value="poisson">poisson</option></select></label>
            <label id="column-label">Trials/exposure <select id="response-column"></select></label>
            <label><input id="overdispersion" type="checkbox"> over-dispersion</label>
            <label>Estimation <select id="estimation"><option value="">PQL</option><option value="laplace">Laplace</option><option value="agq">adaptive quadrature</option></select></label>
            <label>Points <input id="quadrature-points" type="number" min="1" size="3"></label>
            <span class="muted">(the report gives unit-specific and, under PQL, population-average estimates)</span><br>
            <label>Level-1 weight <select id="weight1"></select></label>
            <label>Level-2 weight <select id="weight2"></select></label><br>
            <label>Title <input id="title" size="40"></label>
          </section>
          <section><h2>Equations</h2><pre id="notation">Choose the outcome.</pre>
            <details><summary>Command file</summary><pre id="command-file"></pre></details>
          </section>
          <section>
            <button id="run" class="primary">Run</button> <button id="cancel" disabled>Cancel</button>
            <label>Save as <input id="save-name" size="16" value="model"></label><button id="save">Save</button>
            <span id="status"></span>
          </section>
          <section><h2>Report</h2><iframe id="report" sandbox title="report"></iframe>
            <details><summary>Text report</summary><pre id="text-report"></pre></details>
          </section>
        </div>
        </main>
        <script>
        """# + script + #"""
        </script>
        </body></html>
        """#
    }
}

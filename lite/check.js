// rolecomp: can this JupyterLite site's Python start? Without its runtime the kernel waits
// forever and every cell sits at [*] with no message, so every page of the site loads this file
// (lite/build.py puts it at the site's root as rolecomp-check.js) and it checks, as the page
// opens, that the files the kernel fetches first answer. If one does not, a banner says so in
// English and Chinese, and what to do. window.rolecompLiteCheck resolves to the result.
(function () {
  "use strict";
  var KERNEL = "@jupyterlite/pyodide-kernel-extension:kernel";
  // the kernel's own default when jupyter-lite.json names no pyodideUrl (filled in by the build)
  var DEFAULT_PYODIDE = "@DEFAULT_PYODIDE@";
  var TIMEOUT_S = 15;
  var script = document.currentScript;
  var root = new URL(".", script ? script.src : location.href);

  function probe(url) {
    var ctl = new AbortController();
    var timer = setTimeout(function () { ctl.abort(); }, TIMEOUT_S * 1000);
    var local = url.origin === location.origin;
    // another site answers an opaque no-cors request if it can be reached at all
    var opts = { method: "HEAD", cache: "no-store", signal: ctl.signal, mode: local ? "same-origin" : "no-cors" };
    return fetch(url.href, opts).then(function (r) {
      // a server that refuses HEAD (405, 501) is still there
      var missing = local && !r.ok && r.status !== 405 && r.status !== 501;
      return { url: url, local: local, ok: !missing, why: missing ? "missing" : "" };
    }, function () {
      return { url: url, local: local, ok: false, why: ctl.signal.aborted ? "timeout" : "unreachable" };
    }).finally(function () { clearTimeout(timer); });
  }

  function json(url) {
    return fetch(url, { cache: "no-store" }).then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; });
  }

  async function check() {
    var config = (await json(new URL("jupyter-lite.json", root)))["jupyter-config-data"] || {};
    var kernel = (config.litePluginSettings || {})[KERNEL] || {};
    var mjs = new URL(kernel.pyodideUrl || DEFAULT_PYODIDE, root);
    var urls = [mjs];
    if (mjs.origin === location.origin) {  // a bundled runtime: every file of it must be there
      ["pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"].forEach(function (f) {
        urls.push(new URL(f, mjs));
      });
    }
    // the kernel installs comm at start; from PyPI unless one of the site's indexes has it
    if (!kernel.disablePyPIFallback) {
      var indexes = await Promise.all((kernel.pipliteUrls || []).map(function (u) { return json(new URL(u, root)); }));
      if (!indexes.some(function (i) { return "comm" in i; })) urls.push(new URL("https://pypi.org/pypi/comm/json"));
    }
    var results = await Promise.all(urls.map(probe));
    var failed = results.filter(function (r) { return !r.ok; });
    if (failed.length) show(failed);
    return { ok: !failed.length, pyodideUrl: mjs.href, checked: urls.map(String),
             failed: failed.map(function (r) { return { url: r.url.href, why: r.why }; }) };
  }

  function message(failed) {
    var missing = failed.filter(function (r) { return r.why === "missing"; }).map(function (r) {
      return r.url.href.slice(root.href.length) || r.url.href;
    });
    var server = failed.some(function (r) { return r.local && r.why !== "missing"; });
    var hosts = failed.filter(function (r) { return !r.local; }).map(function (r) { return r.url.host; })
      .filter(function (h, i, all) { return all.indexOf(h) === i; });
    var en = [], zh = [];
    if (missing.length) {
      en.push("This copy of the site is incomplete: " + missing.join(", ") + " is missing. " +
              "Ask the instructor to copy the whole site folder again.");
      zh.push("这份网站不完整，缺少" + missing.join("、") + "。请老师重新复制整个网站文件夹。");
    }
    if (server) {
      en.push("The web server of this site did not answer within " + TIMEOUT_S + " s. Check that you " +
              "are connected to the classroom network, then reload the page.");
      zh.push("本网站的服务器在 " + TIMEOUT_S + " 秒内没有响应。请确认已连接到教室的网络，然后刷新页面。");
    }
    if (hosts.length) {
      en.push("This site loads Python from " + hosts.join(" and ") + ", which could not be reached. " +
              "Check the internet connection (a school firewall may block " + hosts.join(" and ") +
              "), then reload the page. Without internet, ask the instructor for the offline " +
              "version of this site.");
      zh.push("本网站需要从 " + hosts.join("、") + " 加载 Python，但无法连接。请检查网络连接（学校的防火墙" +
              "可能屏蔽了 " + hosts.join("、") + "），然后刷新页面。如果没有网络，请向老师索取本网站的离线版本。");
    }
    return { en: "Python cannot start. " + en.join(" "), zh: "Python 无法启动：" + zh.join("") };
  }

  function show(failed) {
    var text = message(failed);
    var box = document.createElement("div");
    box.id = "rolecomp-lite-check";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:100000;padding:12px 48px 12px 16px;" +
      "background:#fff4ce;color:#1f1f1f;border-bottom:3px solid #b45309;" +
      "font:15px/1.5 system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','Microsoft YaHei',sans-serif";
    [["en", text.en], ["zh-Hans", text.zh]].forEach(function (t) {
      var p = document.createElement("p");
      p.lang = t[0];
      p.style.margin = "0 0 4px 0";
      p.textContent = t[1];
      box.appendChild(p);
    });
    var close = document.createElement("button");
    close.textContent = "×";
    close.title = "Close / 关闭";
    close.setAttribute("aria-label", "Close / 关闭");
    close.style.cssText = "position:absolute;top:8px;right:12px;font-size:20px;background:none;border:0;cursor:pointer";
    close.onclick = function () { box.remove(); };
    box.appendChild(close);
    (document.body || document.documentElement).appendChild(box);
  }

  window.rolecompLiteCheck = new Promise(function (resolve) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve);
    else resolve();
  }).then(check).catch(function (e) { return { ok: true, error: String(e) }; });
})();

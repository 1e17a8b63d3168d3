// evalforms review: every text from a form goes into the page as text (textContent), never as HTML.
"use strict";
(function () {
  const token = document.querySelector('meta[name="review-token"]').content;
  const SEV = { error: "错误", warning: "警告", info: "提示" };
  const list = document.getElementById("findings");
  const status = document.getElementById("status");
  const filters = { unit: "f-unit", code: "f-code", sev: "f-sev", state: "f-state" };
  let items = [];   // [{form, finding}]
  let current = -1; // index into the visible items

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v == null ? "" : String(v);
      else if (k.startsWith("data-")) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const c of children) if (c) node.append(c);
    return node;
  }

  function say(text, error) {
    status.textContent = text;
    status.className = error ? "error" : "";
  }

  async function api(path, body) {
    const init = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Review-Token": token },
      body: JSON.stringify(body),
    };
    const sep = path.includes("?") ? "&" : "?";
    const response = await fetch(path + sep + "token=" + encodeURIComponent(token), init);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || ("请求失败（" + response.status + "）"));
    return data;
  }

  function fillSelect(id, values) {
    const select = document.getElementById(id);
    const kept = select.value;
    while (select.options.length > 1) select.remove(1);
    for (const [value, text] of values) select.append(el("option", { value: value, text: text }));
    select.value = kept;
  }

  function keyOf(f) { return JSON.stringify(f.key); }

  function card(form, f) {
    const li = el("li", { class: "finding sev-" + f.severity, "data-key": keyOf(f), "data-code": f.code,
                          "data-state": f.state, "data-form": form.form_id });
    const where = f.seq != null ? "第" + f.seq + "项指标" : "表级";
    const total = el("span", { class: "total", text: "核算总分 " + (form.total_score_computed ?? "—") +
                               "（填报 " + (form.total_score_declared ?? "—") + "）" });
    const text = el("div", { class: "text" },
      el("div", { class: "form", text: (form.project_name || "（未识别项目名称）") }),
      el("div", { class: "meta", text: [form.department, form.implementing_unit, form.source_file].filter(Boolean).join(" · ") }),
      el("div", {}, el("span", { class: "state s-" + f.state, text: f.state }), " ",
         el("b", { text: (SEV[f.severity] || f.severity) + " · " + f.title }), " ",
         el("span", { class: "muted", text: f.code }), " ", total),
      el("div", { class: "message", text: f.message }),
      el("div", { class: "meta", text: [where, f.declared ? "填报：" + f.declared : "", f.expected ? "应为：" + f.expected : "",
                                         f.page != null ? "第" + f.page + "页" : "", f.ref ? "单元格 " + f.ref : "",
                                         f.note ? "审核说明：" + f.note : "", f.reviewed_at ? "审核时间：" + f.reviewed_at : ""]
                                        .filter(Boolean).join("；") }));
    if (form.corrected) text.append(el("div", { class: "meta corrected", text: "已更正：" + form.values_read.replace(/=/g, " 原读取值 ") }));
    const note = el("input", { class: "note", type: "text", placeholder: "驳回理由（必填）", value: f.note || "" });
    note.setAttribute("aria-label", "驳回理由");
    const confirm = el("button", { type: "button", class: "confirm", text: "确认（c）" });
    const dismiss = el("button", { type: "button", class: "dismiss", text: "驳回（d）" });
    confirm.addEventListener("click", () => decide(f, { state: "确认", note: note.value }));
    dismiss.addEventListener("click", () => decide(f, { state: "驳回", note: note.value }));
    note.addEventListener("keydown", (e) => { if (e.key === "Enter") decide(f, { state: "驳回", note: note.value }); });
    const actions = el("div", { class: "actions" }, confirm, dismiss, note);
    if (f.cells.length) {
      const cell = el("select", { class: "cell" });
      cell.setAttribute("aria-label", "更正的单元格");
      for (const [c, label] of f.cells) cell.append(el("option", { value: c, text: label }));
      const value = el("input", { class: "corrected", type: "text", placeholder: "原件上的值" });
      value.setAttribute("aria-label", "更正值");
      const fix = el("button", { type: "button", class: "correct", text: "更正并重新评分" });
      fix.addEventListener("click", () => decide(f, {
        state: "驳回", note: note.value || "识别错误，已按原件更正", corrected: value.value, corrected_field: cell.value }));
      actions.append(el("span", { class: "muted", text: "识别错误？" }), cell, value, fix);
    }
    if (f.state !== "未审") {
      const undo = el("button", { type: "button", class: "undo", text: "撤销结论" });
      undo.addEventListener("click", () => undoDecision(f));
      actions.append(undo);
    }
    text.append(actions);
    li.append(text);
    if (f.crop) {
      const src = "/crops/" + encodeURIComponent(form.form_id) + "/" + encodeURIComponent(f.crop) + ".png?token=" + encodeURIComponent(token);
      li.append(el("figure", {}, el("img", { src: src, alt: "原件截图：红框为本条所指单元格", loading: "lazy" })));
    }
    li.addEventListener("click", (e) => { if (e.target === li || e.target.closest(".text") && !e.target.closest(".actions")) select(li); });
    return li;
  }

  function visible() { return Array.from(list.children).filter((li) => !li.hidden); }

  function select(li, scroll) {
    for (const other of list.querySelectorAll(".current")) other.classList.remove("current");
    const shown = visible();
    current = shown.indexOf(li);
    if (li) {
      li.classList.add("current");
      if (scroll) li.scrollIntoView({ block: "nearest" });
    }
  }

  function apply() {
    const want = Object.fromEntries(Object.entries(filters).map(([k, id]) => [k, document.getElementById(id).value]));
    let n = 0;
    for (const li of list.children) {
      const it = items[Number(li.dataset.index)];
      const ok = (!want.unit || it.form.department === want.unit) && (!want.code || it.finding.code === want.code) &&
                 (!want.sev || it.finding.severity === want.sev) && (!want.state || it.finding.state === want.state);
      li.hidden = !ok;
      n += ok;
    }
    document.getElementById("shown").textContent = "显示 " + n + " / " + items.length + " 条";
    document.getElementById("empty").hidden = n > 0;
  }

  function render(state, keep) {
    items = [];
    for (const form of state.forms) for (const finding of form.findings) items.push({ form, finding });
    fillSelect("f-unit", [...new Set(state.forms.map((f) => f.department).filter(Boolean))].sort().map((d) => [d, d]));
    fillSelect("f-code", [...new Map(items.map((i) => [i.finding.code, i.finding.title + "（" + i.finding.code + "）"]))].sort());
    list.replaceChildren(...items.map((it, i) => { const li = card(it.form, it.finding); li.dataset.index = i; return li; }));
    const obsolete = document.getElementById("obsolete");
    obsolete.replaceChildren(...state.obsolete.map((d) => el("li", { class: "obsolete", text:
      d.state + "：" + d.title + "（" + d.code + "，" + (d.seq != null ? "第" + d.seq + "项指标，" : "") + d.field + "）" +
      (d.note ? "，" + d.note : "") + (d.corrected ? "，更正为 " + d.corrected : "") + "，" + d.reviewed_at })));
    document.getElementById("obsolete-section").hidden = state.obsolete.length === 0;
    apply();
    const again = keep && list.querySelector('[data-key="' + CSS.escape(keep) + '"]');
    select(again || visible()[Math.max(0, Math.min(current, visible().length - 1))] || null, false);
  }

  async function load(keep) {
    try { render(await api("/api/state"), keep); } catch (e) { say(e.message, true); }
  }

  async function decide(f, decision) {
    try {
      await api("/api/decide", Object.assign({ key: f.key }, decision));
      say(decision.corrected ? "已更正并重新评分。" : "已记录：" + decision.state + "。", false);
      await load(keyOf(f));
    } catch (e) { say(e.message, true); }
  }

  async function undoDecision(f) {
    try { await api("/api/undo", { key: f.key }); say("已撤销。", false); await load(keyOf(f)); }
    catch (e) { say(e.message, true); }
  }

  for (const id of Object.values(filters)) document.getElementById(id).addEventListener("change", () => { apply(); select(visible()[0] || null, true); });
  document.getElementById("export").addEventListener("click", () => {
    window.location.href = "/api/export?token=" + encodeURIComponent(token);
  });
  document.addEventListener("keydown", (e) => {
    if (e.target.closest && e.target.closest("input, select, textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
    const shown = visible();
    const li = shown[current];
    if (e.key === "j" || e.key === "k") {
      const next = Math.max(0, Math.min(shown.length - 1, current + (e.key === "j" ? 1 : -1)));
      select(shown[next] || null, true);
    } else if (e.key === "c" && li) {
      li.querySelector("button.confirm").click();
    } else if (e.key === "d" && li) {
      const note = li.querySelector("input.note");
      if (note.value.trim()) li.querySelector("button.dismiss").click();
      else { note.focus(); say("请填写驳回理由后按回车。", false); }
      e.preventDefault();
    }
  });
  load();
})();

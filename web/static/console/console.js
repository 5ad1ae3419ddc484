/* Staff console for 12345-hotline agents: search as they type, browse measures, fill the
 * eligibility checklist while the caller talks, look up a bot conversation. Talks only to
 * the staff API (/api, bearer token kept for this browser tab in sessionStorage). */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var token = sessionStorage.getItem("staffToken") || "";
  var STATUS = { applies: "可以享受", possible: "可能享受", general: "普遍适用", needs_info: "还需了解", not_applicable: "不适用" };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function highlight(text, terms) {
    var safe = escapeHtml(text);
    var usable = (terms || []).filter(function (t) { return t && t.trim(); }).map(function (t) { return escapeRegExp(escapeHtml(t)); });
    if (!usable.length) return safe;
    return safe.replace(new RegExp("(" + usable.join("|") + ")", "g"), "<mark>$1</mark>");
  }
  function showError(text) { var e = $("error"); e.textContent = text || ""; e.hidden = !text; }

  function api(path, options) {
    options = options || {};
    var headers = { Authorization: "Bearer " + token };
    if (options.body) headers["Content-Type"] = "application/json";
    return fetch(path, { method: options.method || "GET", headers: headers, body: options.body }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var detail = data.detail || ("HTTP " + response.status);
          if (response.status === 401) detail = "令牌无效，请重新输入坐席令牌。";
          if (response.status === 503 && /STAFF_TOKEN/.test(detail)) detail = "坐席接口未开启：服务器没有设置 STAFF_TOKEN。";
          var error = new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
          error.status = response.status;
          throw error;
        }
        showError("");
        return data;
      });
    });
  }

  // ---------------------------------------------------------------- token and tabs
  $("token").value = token;
  $("token-form").addEventListener("submit", function (event) {
    event.preventDefault();
    token = $("token").value.trim();
    sessionStorage.setItem("staffToken", token);
    api("/api/policies").then(function () {
      $("token-status").textContent = "已登录";
      loaded = {};
      showTab(currentTab);
    }).catch(function (error) { $("token-status").textContent = ""; showError(error.message); });
  });

  var loaded = {};
  var currentTab = "search";
  function showTab(name) {
    currentTab = name;
    ["search", "browse", "check", "conversation"].forEach(function (tab) {
      $("tab-" + tab).setAttribute("aria-selected", String(tab === name));
      $("panel-" + tab).hidden = tab !== name;
    });
    if (!token) return;
    if (name === "browse" && !loaded.browse) { loaded.browse = true; loadPolicies(); }
    if (name === "check" && !loaded.check) { loaded.check = true; loadChecklist(); }
    if (name === "search") $("search-input").focus();
  }
  ["search", "browse", "check", "conversation"].forEach(function (tab) {
    $("tab-" + tab).addEventListener("click", function () { showTab(tab); });
  });

  // ---------------------------------------------------------------- search as they type
  var searchTimer = null, searchSeq = 0;
  $("search-input").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 120);
  });
  function runSearch() {
    var q = $("search-input").value.trim();
    var seq = ++searchSeq;
    if (!q) { $("search-results").innerHTML = ""; $("search-validity").hidden = true; return; }
    api("/api/search?k=5&q=" + encodeURIComponent(q)).then(function (data) {
      if (seq !== searchSeq) return; // a newer keystroke won
      var list = $("search-results");
      list.innerHTML = "";
      if (data.abstained || !data.hits.length) {
        list.innerHTML = '<li class="none">没有把握找到对应条款。请换个说法，或在“全部措施”里浏览。</li>';
      }
      (data.abstained ? [] : data.hits).forEach(function (hit) {
        var li = document.createElement("li");
        li.className = "hit";
        li.dataset.section = hit.section;
        li.innerHTML =
          "<h3>" + escapeHtml(hit.label) + "</h3>" +
          '<div class="text">' + highlight(hit.text, data.terms) + "</div>" +
          '<div class="units">责任单位：' + escapeHtml((hit.units || []).join("、") || "原文未列出") + "</div>";
        list.appendChild(li);
      });
      var note = data.hits.length ? data.hits[0].validity_note : "";
      $("search-validity").textContent = note;
      $("search-validity").hidden = !note;
    }).catch(function (error) { showError(error.message); });
  }

  // ---------------------------------------------------------------- browse
  function loadPolicies() {
    api("/api/policies").then(function (policies) {
      var box = $("policy-list");
      box.innerHTML = "";
      policies.forEach(function (policy) {
        api("/api/policies/" + encodeURIComponent(policy.doc_id)).then(function (detail) {
          var section = document.createElement("section");
          section.innerHTML = "<h2>" + escapeHtml(detail.title) + "</h2>" +
            (detail.validity_note ? '<div class="validity">' + escapeHtml(detail.validity_note) + "</div>" : "") +
            '<ul class="measure-list"></ul>';
          var ul = section.querySelector("ul");
          detail.sections.forEach(function (measure) {
            var li = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button";
            button.textContent = measure.label;
            button.addEventListener("click", function () { openMeasure(detail, measure); });
            li.appendChild(button);
            ul.appendChild(li);
          });
          box.appendChild(section);
        }).catch(function (error) { showError(error.message); });
      });
    }).catch(function (error) { loaded.browse = false; showError(error.message); });
  }
  function openMeasure(detail, measure) {
    var box = $("measure-full");
    box.hidden = false;
    box.innerHTML = "<h3>" + escapeHtml(measure.label) + "</h3><p>" + escapeHtml(measure.text) + "</p>" +
      '<p class="units">责任单位：' + escapeHtml(measure.units.join("、") || "原文未列出") + "</p>" +
      (detail.validity_note ? '<div class="validity">' + escapeHtml(detail.validity_note) + "</div>" : "");
    box.scrollIntoView({ block: "nearest" });
  }

  // ---------------------------------------------------------------- eligibility checklist
  var fields = [];
  function loadChecklist() {
    api("/api/fields").then(function (data) {
      fields = data;
      var form = $("check-form");
      form.innerHTML = "";
      fields.forEach(function (field) {
        var box = document.createElement("fieldset");
        box.dataset.field = field.name;
        var legend = "<legend>" + escapeHtml(field.label) + "</legend>" +
          (field.question ? '<div class="question">' + escapeHtml(field.question) + "</div>" : "");
        var id = "f-" + field.name;
        if (field.type === "bool") {
          box.innerHTML = legend + ["", "true", "false"].map(function (value) {
            var text = value === "" ? "不清楚" : value === "true" ? "是" : "否";
            return '<label><input type="radio" name="' + id + '" value="' + value + '"' + (value === "" ? " checked" : "") + "> " + text + "</label> ";
          }).join("");
        } else if (field.type === "enum") {
          var options = ['<option value="">不清楚</option>'].concat(Object.keys(field.choices || {}).map(function (key) {
            return '<option value="' + escapeHtml(key) + '">' + escapeHtml(field.choices[key]) + "</option>";
          }));
          box.innerHTML = legend + '<select id="' + id + '" aria-label="' + escapeHtml(field.label) + '">' + options.join("") + "</select>";
        } else {
          box.innerHTML = legend + '<input type="number" id="' + id + '" aria-label="' + escapeHtml(field.label) + '"' +
            (field.minimum != null ? ' min="' + field.minimum + '"' : "") + (field.maximum != null ? ' max="' + field.maximum + '"' : "") +
            ' step="any"> ' + escapeHtml(field.unit || "");
        }
        form.appendChild(box);
      });
      form.addEventListener("input", scheduleCheck);
      form.addEventListener("change", scheduleCheck);
      scheduleCheck();
    }).catch(function (error) { loaded.check = false; showError(error.message); });
  }
  function profile() {
    var result = {};
    fields.forEach(function (field) {
      var id = "f-" + field.name;
      if (field.type === "bool") {
        var picked = document.querySelector('input[name="' + id + '"]:checked');
        if (picked && picked.value) result[field.name] = picked.value === "true";
      } else if (field.type === "enum") {
        var value = $(id).value;
        if (value) result[field.name] = value;
      } else {
        var raw = $(id).value.trim();
        if (raw !== "" && !isNaN(Number(raw))) result[field.name] = field.type === "int" ? Math.round(Number(raw)) : Number(raw);
      }
    });
    return result;
  }
  var checkTimer = null, checkSeq = 0;
  function scheduleCheck() { clearTimeout(checkTimer); checkTimer = setTimeout(runCheck, 200); }
  function runCheck() {
    var seq = ++checkSeq;
    api("/api/eligibility", { method: "POST", body: JSON.stringify({ profile: profile() }) }).then(function (data) {
      if (seq !== checkSeq) return;
      var groups = {};
      data.measures.forEach(function (m) { (groups[m.status] = groups[m.status] || []).push(m); });
      var html = "";
      ["applies", "possible", "needs_info"].forEach(function (status) {
        var items = groups[status] || [];
        if (!items.length) return;
        html += '<h3 class="status-' + status + '">' + STATUS[status] + "（" + items.length + "条）</h3><ul>";
        items.forEach(function (m) {
          html += '<li data-section="' + m.section + '" data-status="' + status + '"><b>第' + m.section + "条 " + escapeHtml(m.title) + "</b>" +
            (m.reasons.length ? "：" + escapeHtml(m.reasons.join("；")) : "") +
            '<br><span class="units">找：' + escapeHtml(m.units.join("、")) + "</span></li>";
        });
        html += "</ul>";
      });
      $("check-summary").innerHTML = html || "<p>暂无结果。</p>";
      var v = $("check-validity");
      v.textContent = data.policy.expired ? "本政策执行至" + data.policy.valid_until + "，已到期，结果仅供参考。" : "";
      v.hidden = !data.policy.expired;
      $("answer-text").value = data.answer_text;
      $("copy-answer").disabled = false;
      showError("");
    }).catch(function (error) { showError(error.message); });
  }
  $("copy-answer").addEventListener("click", function () {
    var text = $("answer-text").value;
    var done = function () { $("copy-status").textContent = "已复制"; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { $("answer-text").select(); document.execCommand("copy"); done(); });
    } else { $("answer-text").select(); document.execCommand("copy"); done(); }
  });

  // ---------------------------------------------------------------- conversation lookup
  $("conversation-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var id = $("sender-id").value.trim();
    if (!id) return;
    var view = $("conversation-view");
    view.innerHTML = "查询中…";
    api("/api/conversations/" + encodeURIComponent(id)).then(function (data) {
      var rows = data.facts.map(function (f) {
        return '<tr data-field="' + escapeHtml(f.field) + '"><th>' + escapeHtml(f.label) + "</th><td>" + escapeHtml(f.text) + "</td></tr>";
      }).join("");
      var lines = data.transcript.map(function (t) {
        return '<li class="' + t.who + '">' + (t.who === "user" ? "来电人：" : "助手：") + escapeHtml(t.text) + "</li>";
      }).join("");
      view.innerHTML = "<h3>已记录的企业情况</h3>" + (rows ? '<table class="facts">' + rows + "</table>" : "<p>助手还没有记录企业情况。</p>") +
        "<h3>对话记录</h3><ol class=\"transcript\">" + lines + "</ol>";
    }).catch(function (error) {
      view.innerHTML = "";
      showError(error.status === 404 ? "没有找到这个会话编号的对话。" : error.message);
    });
  });

  showTab("search");
  if (!token) showError("请先在右上角输入坐席令牌。");
})();

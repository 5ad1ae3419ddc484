/*
 * Policy assistant chat widget. One tag on any page:
 *   <script src="https://HOST/widget/widget.js" data-server="https://RASA-HOST" data-title="政策咨询"
 *           data-color="#b22222" data-greeting="您好！…" data-max-length="500"></script>
 * (or set window.PolicyChatConfig = {server, title, color, greeting, maxLength} before it).
 * No framework needed on the host page; everything lives in a shadow root.
 * Talks to Rasa's socket.io channel (session_persistence): a random session id kept in
 * localStorage is re-sent with session_request on every (re)connect, so a reload or a
 * network drop continues the same conversation; the transcript is kept beside it.
 */
(function () {
  "use strict";
  if (window.__policyChatLoaded) return;
  window.__policyChatLoaded = true;

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var extra = window.PolicyChatConfig || {};
  var assets = script ? new URL(".", script.src).href : "/widget/";
  var config = {
    server: extra.server || data.server || location.protocol + "//" + location.hostname + ":5005",
    title: extra.title || data.title || "政策咨询",
    color: extra.color || data.color || "#b22222",
    greeting: extra.greeting || data.greeting || "您好！请直接输入您的问题。",
    maxLength: parseInt(extra.maxLength || data.maxLength || "500", 10),
    socketPath: extra.socketPath || data.socketPath || "/socket.io",
  };
  var KEY = "policyChat:" + config.server;
  var SLOW_MS = 30000;

  function store(name, value) {
    try { localStorage.setItem(KEY + ":" + name, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }
  function load(name, fallback) {
    try { var v = localStorage.getItem(KEY + ":" + name); return v ? JSON.parse(v) : fallback; } catch (e) { return fallback; }
  }
  function randomId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var sessionId = load("session", null);
  if (!sessionId) { sessionId = randomId(); store("session", sessionId); }
  var transcript = load("transcript", []);

  var host = document.createElement("div");
  host.id = "policy-chat";
  document.body.appendChild(host);
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    '<style>' +
    ':host{all:initial}' +
    '*{box-sizing:border-box;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}' +
    '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;background:var(--c);color:#fff;border:0;border-radius:28px;padding:14px 20px;font-size:16px;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}' +
    '.launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}' +
    '.panel{position:fixed;right:20px;bottom:20px;z-index:2147483001;width:380px;max-width:calc(100vw - 24px);height:600px;max-height:calc(100vh - 40px);background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}' +
    '.panel[hidden]{display:none}' +
    'header{background:var(--c);color:#fff;padding:12px 14px;display:flex;align-items:center;gap:8px}' +
    'header h2{flex:1;margin:0;font-size:17px}' +
    'header button{background:rgba(255,255,255,.18);color:#fff;border:0;border-radius:6px;padding:6px 10px;font-size:14px;cursor:pointer}' +
    '.banner{background:#fff3cd;color:#664d03;padding:8px 12px;font-size:14px}' +
    '.banner[hidden]{display:none}' +
    '.log{flex:1;overflow-y:auto;padding:12px;background:#f4f5f7;display:flex;flex-direction:column;gap:8px}' +
    '.msg{max-width:88%;padding:9px 12px;border-radius:10px;font-size:15px;line-height:1.6;white-space:pre-wrap;word-break:break-word}' +
    '.bot{background:#fff;align-self:flex-start;border:1px solid #e3e5e8}' +
    '.user{background:var(--c);color:#fff;align-self:flex-end}' +
    '.system{align-self:center;background:none;color:#666;font-size:13px;text-align:center}' +
    '.typing{align-self:flex-start;color:#666;font-size:14px;padding:4px 8px}' +
    '.typing[hidden]{display:none}' +
    '.replies{display:flex;flex-wrap:wrap;gap:6px;padding:8px 12px 0;background:#fff}' +
    '.replies:empty{display:none}' +
    '.replies button{border:1px solid var(--c);color:var(--c);background:#fff;border-radius:16px;padding:6px 12px;font-size:14px;cursor:pointer}' +
    'form{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #e3e5e8;background:#fff;align-items:flex-end}' +
    'textarea{flex:1;resize:none;border:1px solid #ccc;border-radius:8px;padding:8px;font-size:15px;height:44px;max-height:120px}' +
    '.send{background:var(--c);color:#fff;border:0;border-radius:8px;padding:10px 14px;font-size:15px;cursor:pointer}' +
    '.count{font-size:12px;color:#888;padding:0 14px 8px;background:#fff;text-align:right}' +
    '.count.over{color:#b00020}' +
    '@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100%;max-height:100%;border-radius:0}.launcher{right:12px;bottom:12px}}' +
    '</style>' +
    '<button class="launcher" type="button" aria-haspopup="dialog" aria-controls="pc-panel"></button>' +
    '<section class="panel" id="pc-panel" role="dialog" aria-modal="false" hidden>' +
    '  <header><h2 class="title"></h2>' +
    '    <button type="button" class="handoff" title="请人工客服接手">转人工</button>' +
    '    <button type="button" class="close" aria-label="关闭聊天窗口">✕</button></header>' +
    '  <div class="banner" role="status" hidden></div>' +
    '  <div class="log" role="log" aria-live="polite" aria-relevant="additions"><div class="typing" hidden>助手正在输入…</div></div>' +
    '  <div class="replies" role="group" aria-label="快捷回复"></div>' +
    '  <form><label for="pc-input" style="position:absolute;left:-9999px">输入您的问题</label>' +
    '    <textarea id="pc-input" class="input" rows="1" placeholder="请输入您的问题，回车发送"></textarea>' +
    '    <button class="send" type="submit">发送</button></form>' +
    '  <div class="count" aria-live="polite"></div>' +
    '</section>';

  function $(selector) { return root.querySelector(selector); }
  var panel = $(".panel"), launcher = $(".launcher"), log = $(".log"), typing = $(".typing");
  var replies = $(".replies"), input = $(".input"), form = $("form"), banner = $(".banner"), count = $(".count");
  host.style.setProperty("--c", config.color);
  $(".title").textContent = config.title;
  launcher.textContent = "💬 " + config.title;
  launcher.setAttribute("aria-label", "打开" + config.title);
  panel.setAttribute("aria-label", config.title);
  input.maxLength = config.maxLength;

  function updateCount() {
    var n = input.value.length;
    count.textContent = n + "/" + config.maxLength + (n >= config.maxLength ? "（已达字数上限）" : "");
    count.classList.toggle("over", n >= config.maxLength);
  }

  function addBubble(who, text) {
    var div = document.createElement("div");
    div.className = "msg " + who;
    div.textContent = text;
    log.insertBefore(div, typing);
    log.scrollTop = log.scrollHeight;
    return div;
  }
  function remember(who, text) {
    transcript.push({ who: who, text: text });
    if (transcript.length > 200) transcript = transcript.slice(-200);
    store("transcript", transcript);
  }
  function say(who, text) { addBubble(who, text); if (who !== "system") remember(who, text); }

  function showReplies(items) {
    replies.innerHTML = "";
    (items || []).forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = item.title;
      button.addEventListener("click", function () { send(item.payload || item.title, item.title); });
      replies.appendChild(button);
    });
    store("replies", items || []);
    log.scrollTop = log.scrollHeight;
  }

  var slowTimer = null;
  function setTyping(on) {
    typing.hidden = !on;
    clearTimeout(slowTimer);
    if (on) {
      log.scrollTop = log.scrollHeight;
      slowTimer = setTimeout(function () {
        typing.hidden = true;
        addBubble("system", "回复较慢，请稍候；如长时间没有回复，请重新发送。");
      }, SLOW_MS);
    }
  }

  function setBanner(text) { banner.textContent = text || ""; banner.hidden = !text; }

  var socket = null;
  function connect() {
    if (typeof window.io !== "function") {
      setBanner("聊天组件加载失败，请刷新页面重试。");
      return;
    }
    socket = window.io(config.server, {
      path: config.socketPath,
      transports: ["websocket"],
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: sessionId });
      setBanner("");
    });
    socket.on("connect_error", function () { setBanner("暂时连不上服务器，正在重试…您的消息不会丢失，请稍后再发送。"); });
    socket.on("disconnect", function () { setBanner("连接已断开，正在重新连接…"); });
    socket.on("bot_uttered", function (message) {
      if (message.text) say("bot", message.text);
      if (message.attachment && message.attachment.payload && message.attachment.payload.src) {
        say("bot", message.attachment.payload.src);
      }
      // The question is always the last message of a turn: any later message retires its buttons.
      showReplies(message.quick_replies || message.buttons || []);
      setTyping(false);
    });
  }

  function send(payload, shown) {
    var text = (payload || "").trim();
    if (!text) return false;
    if (!socket || !socket.connected) {
      addBubble("system", "消息未发送：暂时连不上服务器，请稍后再试。");
      return false;
    }
    socket.emit("user_uttered", { message: text.slice(0, config.maxLength), session_id: sessionId });
    say("user", shown || text);
    showReplies([]);
    setTyping(true);
    return true;
  }

  function open() {
    panel.hidden = false;
    launcher.hidden = true;
    store("open", true);
    input.focus();
    log.scrollTop = log.scrollHeight;
  }
  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    store("open", false);
    launcher.focus();
  }

  launcher.addEventListener("click", open);
  $(".close").addEventListener("click", close);
  $(".handoff").addEventListener("click", function () { send("转人工"); });
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (send(input.value)) { input.value = ""; updateCount(); }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  input.addEventListener("input", updateCount);

  if (transcript.length) {
    transcript.forEach(function (entry) { addBubble(entry.who, entry.text); });
    showReplies(load("replies", []));
  } else {
    say("bot", config.greeting);
  }
  updateCount();
  if (load("open", false)) open();

  if (typeof window.io === "function") {
    connect();
  } else {
    var loader = document.createElement("script");
    loader.src = assets + "socket.io.min.js";
    loader.onload = connect;
    loader.onerror = function () { setBanner("聊天组件加载失败，请刷新页面重试。"); };
    document.head.appendChild(loader);
  }

  window.PolicyChat = { open: open, close: close, send: send, sessionId: function () { return sessionId; } };
})();

// Comptoir's website, enhanced: every form works without this file; with it, voting,
// following, similar ideas and marking notifications read happen without a reload, and the
// idea page's count and status, the thread page's new replies and the header's unread
// badge follow the community live (GraphQL subscriptions over a WebSocket on /graphql,
// graphql-transport-ws). Calls go to /graphql as trusted documents
// ({"documentId": "sha256:..."}), ids from the page.
(function () {
  "use strict";

  function documents() {
    var node = document.getElementById("comptoir-documents");
    return (node && JSON.parse(node.textContent)) || {};
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function announce(text) {
    var live = document.getElementById("live-region");
    if (!live) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  // Run a trusted document; resolves with `data`, rejects on any error.
  function graphql(name, variables) {
    var id = documents()[name];
    if (!id) return Promise.reject(new Error("unknown document " + name));
    return fetch("/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/graphql-response+json, application/json",
        "X-CSRFToken": csrfToken()
      },
      body: JSON.stringify({ documentId: id, variables: variables })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok || (body.errors && body.errors.length)) {
          throw new Error("GraphQL error");
        }
        return body.data;
      });
    });
  }

  function formatNumber(value) {
    return new Intl.NumberFormat(document.documentElement.lang || "fr").format(value);
  }

  function labels() {
    var node = document.getElementById("comptoir-labels");
    return (node && JSON.parse(node.textContent)) || {};
  }

  // A vote box (parts/vote.html) showing `idea` (voteCount, and viewerHasVoted when known).
  function showVote(box, idea) {
    box.querySelector("[data-vote-count]").textContent = formatNumber(idea.voteCount);
    var unit = box.querySelector("[data-vote-unit]");
    unit.textContent = idea.voteCount > 1 ? unit.dataset.many : unit.dataset.one;
    var form = box.querySelector("[data-vote-form]");
    if (!form || idea.viewerHasVoted === null || idea.viewerHasVoted === undefined) return;
    var button = form.querySelector("button");
    form.querySelector("[data-action]").value = idea.viewerHasVoted ? "withdraw" : "vote";
    button.setAttribute("aria-pressed", idea.viewerHasVoted ? "true" : "false");
    button.classList.toggle("button-secondary", idea.viewerHasVoted);
    form.querySelector("[data-label]").textContent = idea.viewerHasVoted ? form.dataset.withdrawLabel : form.dataset.voteLabel;
  }

  // Vote / withdraw without a reload (the form posts as usual if anything goes wrong).
  function enhanceVote(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var action = form.querySelector("[data-action]");
      var withdraw = action.value === "withdraw";
      var name = withdraw ? "WithdrawVote" : "VoteForSuggestion";
      var field = withdraw ? "withdrawVote" : "voteForSuggestion";
      var button = form.querySelector("button");
      button.disabled = true;
      graphql(name, { id: form.dataset.idea }).then(function (data) {
        var payload = data[field];
        if (!payload || !payload.suggestion || (payload.errors.length && !/ALREADY_VOTED|NOT_VOTED/.test(payload.errors[0].code))) {
          form.submit();
          return;
        }
        var idea = payload.suggestion;
        showVote(form.closest("[data-vote-for]"), idea);
        announce(idea.viewerHasVoted ? form.dataset.votedMessage : form.dataset.withdrawnMessage);
        button.disabled = false;
        button.focus();
      }).catch(function () { form.submit(); });
    });
  }

  function enhanceFollow(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var action = form.querySelector("[data-action]");
      var stop = action.value === "unfollow";
      var button = form.querySelector("button");
      button.disabled = true;
      var name = stop ? form.dataset.unfollowDocument : form.dataset.followDocument;
      // The payload's field: the document's name, first letter lowered.
      var field = name.charAt(0).toLowerCase() + name.slice(1);
      graphql(name, { id: form.dataset.id }).then(function (data) {
        var payload = data[field];
        var followed = payload && payload[form.dataset.payload];
        if (!followed) { form.submit(); return; }
        var following = followed.viewerIsFollowing;
        action.value = following ? "unfollow" : "follow";
        button.setAttribute("aria-pressed", following ? "true" : "false");
        form.querySelector("[data-label]").textContent = following ? form.dataset.followingLabel : form.dataset.followLabel;
        announce(following ? form.dataset.followedMessage : form.dataset.unfollowedMessage);
        button.disabled = false;
        button.focus();
      }).catch(function () { form.submit(); });
    });
  }

  // Similar ideas while a member types the title of a new one.
  function enhanceSimilar(form) {
    var input = form.querySelector("#title");
    var box = form.querySelector("[data-similar]");
    var list = form.querySelector("[data-similar-list]");
    var button = form.querySelector("[data-similar-button]");
    if (!input || !box || !list) return;
    if (button) button.hidden = true;
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var title = input.value.trim();
        if (title === asked) return;
        asked = title;
        if (title.length < 3) { box.hidden = true; list.textContent = ""; return; }
        graphql("SimilarIdeas", { title: title }).then(function (data) {
          if (title !== asked) return;
          var ideas = data.similarSuggestions || [];
          list.textContent = "";
          ideas.forEach(function (idea) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = "/labo/idees/" + encodeURIComponent(idea.id) + "/";
            link.textContent = idea.title;
            item.appendChild(link);
            var meta = document.createElement("span");
            meta.className = "meta";
            meta.textContent = " " + formatNumber(idea.voteCount) + " " +
              (idea.voteCount > 1 ? list.dataset.many : list.dataset.one);
            item.appendChild(meta);
            list.appendChild(item);
          });
          box.hidden = ideas.length === 0;
        }).catch(function () { /* the button below the field still works */ });
      }, 250);
    });
  }

  function enhanceMarkAllRead(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      graphql("MarkNotificationsRead", { ids: null }).then(function (data) {
        var payload = data.markNotificationsRead;
        if (!payload || payload.errors.length) { form.submit(); return; }
        document.querySelectorAll(".notification.unread").forEach(function (item) {
          item.classList.remove("unread");
          var mark = item.querySelector(".unread-mark");
          if (mark) mark.remove();
        });
        document.querySelectorAll("[data-badge]").forEach(function (badge) { badge.remove(); });
        form.hidden = true;
        announce(form.dataset.doneMessage || "");
      }).catch(function () { form.submit(); });
    });
  }

  // --- Live: one WebSocket per page, graphql-transport-ws ---------------------------------
  // Each live part of the page is a subscription (a trusted document by its id) with a
  // handler of its updates. Without WebSocket, or when the server refuses, the page stays
  // as it was served. A lost connection is opened again, waiting longer each time.
  function Live() {
    this.subscriptions = {};
    this.next = 1;
    this.socket = null;
    this.wait = 1000;
  }

  Live.prototype.subscribe = function (name, variables, handle) {
    var id = documents()[name];
    if (!id) return;
    this.subscriptions[String(this.next++)] = { documentId: id, variables: variables, handle: handle };
  };

  Live.prototype.open = function () {
    if (!window.WebSocket || !Object.keys(this.subscriptions).length) return;
    var self = this;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/graphql", "graphql-transport-ws");
    var pinger = null;
    this.socket = socket;
    socket.addEventListener("open", function () {
      socket.send(JSON.stringify({ type: "connection_init", payload: {} }));
    });
    socket.addEventListener("message", function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "connection_ack") {
        self.wait = 1000;
        Object.keys(self.subscriptions).forEach(function (key) {
          var s = self.subscriptions[key];
          socket.send(JSON.stringify({ id: key, type: "subscribe", payload: { documentId: s.documentId, variables: s.variables } }));
        });
        // Keeps the connection open through proxies that close idle ones.
        pinger = window.setInterval(function () { socket.send(JSON.stringify({ type: "ping" })); }, 25000);
      } else if (message.type === "next") {
        var s = self.subscriptions[message.id];
        var data = message.payload && message.payload.data;
        if (s && data) s.handle(data);
      } else if (message.type === "error" || message.type === "complete") {
        // Not found any more, refused, or over: this part of the page stays as it is.
        delete self.subscriptions[message.id];
      }
    });
    socket.addEventListener("close", function (event) {
      window.clearInterval(pinger);
      // 4400-4499: the server refused what was sent; opening again would not help.
      if (event.code >= 4400 && event.code < 4500 && event.code !== 4408) return;
      window.setTimeout(function () { self.open(); }, self.wait);
      self.wait = Math.min(self.wait * 2, 30000);
    });
  };

  function liveIdea(live, article) {
    var box = article.querySelector("[data-vote-for]");
    var status = article.querySelector("[data-idea-status]");
    var names = labels().suggestion_status || {};
    live.subscribe("LiveIdea", { id: article.dataset.liveIdea }, function (data) {
      var idea = data.suggestionUpdated;
      if (box) showVote(box, idea);
      if (status && names[idea.status]) {
        status.textContent = names[idea.status];
        status.className = "status status-" + idea.status.toLowerCase();
      }
    });
  }

  function liveThread(live, section) {
    var notice = section.querySelector("[data-new-replies]");
    var status = document.querySelector("[data-thread-status]");
    var names = labels().thread_status || {};
    var shown = Number(section.dataset.postCount) || 0;
    live.subscribe("LiveThread", { id: section.dataset.liveThread }, function (data) {
      var update = data.threadUpdated;
      if (status && names[update.thread.status]) {
        status.textContent = names[update.thread.status];
        status.className = "status status-" + update.thread.status.toLowerCase();
      }
      var fresh = update.post && !document.getElementById("post-" + update.post.id);
      if (!notice || !(fresh || update.thread.postCount > shown)) return;
      var count = Math.max(update.thread.postCount - shown, 1);
      notice.querySelector("[data-new-replies-text]").textContent = count > 1 ? notice.dataset.many : notice.dataset.one;
      notice.hidden = false;
    });
  }

  function liveBadge(live, link) {
    live.subscribe("LiveNotifications", {}, function (data) {
      var update = data.viewerNotifications;
      var badge = link.querySelector("[data-badge]");
      link.dataset.unread = String(update.unreadCount);
      if (!update.unreadCount) {
        if (badge) badge.remove();
        return;
      }
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "badge";
        badge.setAttribute("data-badge", "");
        link.appendChild(badge);
      }
      badge.textContent = formatNumber(update.unreadCount);
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " " + link.dataset.unreadLabel;
      badge.appendChild(hidden);
      if (update.notification) announce(link.dataset.newLabel + " " + update.notification.message);
    });
  }

  function start() {
    document.querySelectorAll("[data-vote-form]").forEach(enhanceVote);
    document.querySelectorAll("[data-follow-form]").forEach(enhanceFollow);
    document.querySelectorAll("[data-similar-form]").forEach(enhanceSimilar);
    document.querySelectorAll("[data-mark-all-read]").forEach(enhanceMarkAllRead);
    var live = new Live();
    document.querySelectorAll("[data-live-idea]").forEach(function (article) { liveIdea(live, article); });
    document.querySelectorAll("[data-live-thread]").forEach(function (section) { liveThread(live, section); });
    document.querySelectorAll("[data-live-notifications]").forEach(function (link) { liveBadge(live, link); });
    live.open();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

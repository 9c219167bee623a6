// Comptoir's website, enhanced: every form works without this file; with it, voting,
// following, similar ideas and marking notifications read happen without a reload. Calls
// go to /graphql as trusted documents ({"documentId": "sha256:..."}), ids from the page.
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
        var box = form.closest("[data-vote-for]");
        box.querySelector("[data-vote-count]").textContent = formatNumber(idea.voteCount);
        var unit = box.querySelector("[data-vote-unit]");
        unit.textContent = idea.voteCount > 1 ? unit.dataset.many : unit.dataset.one;
        action.value = idea.viewerHasVoted ? "withdraw" : "vote";
        button.setAttribute("aria-pressed", idea.viewerHasVoted ? "true" : "false");
        button.classList.toggle("button-secondary", idea.viewerHasVoted);
        form.querySelector("[data-label]").textContent = idea.viewerHasVoted ? form.dataset.withdrawLabel : form.dataset.voteLabel;
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

  function start() {
    document.querySelectorAll("[data-vote-form]").forEach(enhanceVote);
    document.querySelectorAll("[data-follow-form]").forEach(enhanceFollow);
    document.querySelectorAll("[data-similar-form]").forEach(enhanceSimilar);
    document.querySelectorAll("[data-mark-all-read]").forEach(enhanceMarkAllRead);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// Summit Forum's scripts. Everything works without them; with them the reply form
// opens under the comment being answered, threads collapse, the preview shows in
// place, unsent comments are kept in this browser, and new comments are marked.
import { initAll } from "../build/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

const respond = document.querySelector("[data-respond]");
const form = document.querySelector("[data-comment-form]");

/** Set the text of an element, keeping it out of the way when empty. */
function show(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

/** Open the reply form under the comment being answered, and back again. */
function initReplyForm() {
  if (!respond || !form) return;
  const home = document.createComment("reply form home");
  respond.before(home);
  const heading = respond.querySelector("#respond-title");
  const replying = respond.querySelector("[data-replying-to]");
  const link = respond.querySelector("[data-replying-to-link]");
  const parent = form.querySelector("input[name=parent_id]");
  const submit = form.querySelector("[data-submit]");
  const body = form.querySelector("textarea[name=body]");

  function replyTo(id, name) {
    const comment = document.getElementById(`comment-${id}`);
    comment.after(respond);
    parent.value = id;
    heading.textContent = `Reply to ${name}`;
    link.textContent = name;
    link.href = `#comment-${id}`;
    replying.hidden = false;
    submit.textContent = "Post reply";
    body.focus();
  }

  document.addEventListener("click", (event) => {
    const reply = event.target.closest("[data-reply-to]");
    if (reply) {
      event.preventDefault();
      replyTo(reply.dataset.replyTo, reply.dataset.replyName);
      return;
    }
    if (event.target.closest("[data-cancel-reply]")) {
      event.preventDefault();
      const answered = parent.value;
      home.after(respond);
      parent.value = "";
      heading.textContent = "Leave a reply";
      replying.hidden = true;
      submit.textContent = "Post comment";
      document.querySelector(`#comment-${answered} [data-reply-to]`)?.focus();
    }
  });
}

/** Give each top-level comment with replies a button that hides and shows them. */
function initCollapse() {
  document.querySelectorAll("[data-thread] > .forum-thread__item").forEach((item, index) => {
    const replies = item.querySelector(":scope > .forum-thread--replies");
    if (!replies) return;
    const count = replies.querySelectorAll(".forum-comment").length;
    const noun = count === 1 ? "reply" : "replies";
    replies.id ||= `replies-${index}`;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "forum-link-button govuk-link forum-comment__toggle";
    button.setAttribute("aria-controls", replies.id);
    const update = (open) => {
      button.setAttribute("aria-expanded", String(open));
      button.textContent = open ? `Collapse thread (${count} ${noun})` : `Show ${count} ${noun}`;
      item.classList.toggle("forum-thread__item--collapsed", !open);
    };
    button.addEventListener("click", () => update(item.classList.contains("forum-thread__item--collapsed")));
    update(true);
    item.querySelector(":scope > .forum-comment .forum-comment__actions").append(button);
  });
}

/** Show the Markdown preview in place instead of loading the page again. */
function initPreview() {
  const button = form?.querySelector("[data-preview-button]");
  const preview = respond?.querySelector("[data-preview]");
  if (!button || !preview) return;
  preview.setAttribute("aria-live", "polite");
  button.addEventListener("click", async (event) => {
    event.preventDefault();
    try {
      const response = await fetch(button.formAction, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (data.html) {
        preview.innerHTML = data.html; // Rendered and sanitised by the server (forum/markup).
        preview.hidden = false;
      } else {
        show(preview, data.error || "The preview could not be shown.");
      }
    } catch {
      show(preview, "The preview could not be shown. Your comment is still here.");
    }
  });
}

/** Keep an unsent comment in this browser until the server confirms it was posted. */
function initDrafts() {
  const body = form?.querySelector("textarea[name=body]");
  const key = `forum-draft:${location.pathname}`;
  if (document.querySelector("[data-comment-posted]")) localStorage.removeItem(key);
  if (!body) return;
  const saved = localStorage.getItem(key);
  if (saved && !body.value.trim()) {
    body.value = saved;
    body.dispatchEvent(new Event("input", { bubbles: true }));
    const notice = document.createElement("p");
    notice.className = "govuk-inset-text";
    notice.textContent = "We kept the comment you had not sent yet. It is in the box below.";
    form.before(notice);
  }
  body.addEventListener("input", () => {
    if (body.value.trim()) localStorage.setItem(key, body.value);
    else localStorage.removeItem(key);
  });
}

/** Mark comments written since a signed-in reader last opened this page. */
function initNewSince() {
  if (!document.body.hasAttribute("data-signed-in")) return;
  const key = `forum-visit:${location.pathname}`;
  const last = localStorage.getItem(key);
  if (last) {
    document.querySelectorAll(".forum-comment[data-created]").forEach((comment) => {
      if (comment.dataset.created <= last) return;
      const tag = document.createElement("strong");
      tag.className = "govuk-tag govuk-tag--green";
      tag.textContent = "New";
      tag.title = "New since your last visit";
      comment.querySelector(".forum-comment__author").append(" ", tag);
    });
  }
  localStorage.setItem(key, new Date().toISOString().slice(0, 19) + "+00:00");
}

initReplyForm();
initCollapse();
initPreview();
initDrafts();
initNewSince();

/*
 * Municipality picker (directory.widgets.MunicipalityPickerWidget).
 *
 * Turns the widget's plain <select> into a WAI-ARIA 1.2 combobox with list autocomplete:
 * an input with role=combobox, a listbox of at most ten options fetched from the same
 * origin as the person types, arrow keys to move, Enter to choose, Escape to close or clear,
 * and a polite status that says how many municipalities were found. The chosen id is
 * written back into the hidden select, so the form posts the same value with or without
 * this script. Texts come from data attributes that the template renders in the page's
 * language.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;
  var TERM_MAX_LENGTH = 100;
  var ANNOUNCE_DELAY_MS = 150;
  var counter = 0;

  function format(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function enhance(root) {
    if (root.dataset.pickerReady === "true") {
      return;
    }
    var select = root.querySelector("select");
    var fallback = root.querySelector("[data-picker-fallback]");
    var hint = root.querySelector("[data-picker-hint]");
    var status = root.querySelector("[data-picker-status]");
    if (!select || !fallback || !status || !root.dataset.searchUrl) {
      return;
    }
    var searchUrl = new URL(root.dataset.searchUrl, window.location.href);
    if (searchUrl.origin !== window.location.origin) {
      return; // Only ever ask this site; the select keeps working.
    }
    root.dataset.pickerReady = "true";

    counter += 1;
    var id = select.id || "municipality-picker-" + counter;
    var label = document.querySelector('label[for="' + id + '"]');
    var listboxId = id + "_listbox";

    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.className = "kern-form-input__input kf-picker__input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listboxId);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("autocapitalize", "off");
    input.setAttribute("spellcheck", "false");
    input.maxLength = TERM_MAX_LENGTH;
    var describedBy = (select.getAttribute("aria-describedby") || "").split(/\s+/);
    if (hint && hint.id) {
      describedBy.push(hint.id);
    }
    describedBy = describedBy.filter(Boolean);
    if (describedBy.length) {
      input.setAttribute("aria-describedby", describedBy.join(" "));
    }
    if (select.getAttribute("aria-invalid")) {
      input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));
      input.classList.add("kern-form-input__input--error");
    }
    if (select.required) {
      // A hidden required select would block submitting without saying why.
      input.setAttribute("aria-required", "true");
      select.required = false;
    }
    input.disabled = select.disabled;

    var listbox = document.createElement("ul");
    listbox.id = listboxId;
    listbox.className = "kf-picker__listbox";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    if (label) {
      label.id = label.id || id + "_label";
      listbox.setAttribute("aria-labelledby", label.id);
    }

    select.id = id + "_select";
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    fallback.hidden = true;
    if (hint) {
      hint.hidden = false;
    }
    root.insertBefore(input, fallback);
    root.insertBefore(listbox, fallback);
    root.classList.add("kf-picker--enhanced");

    var current = select.options[select.selectedIndex];
    var chosenLabel = current && current.value ? current.textContent.trim() : "";
    input.value = chosenLabel;

    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var announceTimer = null;

    function announce(text) {
      window.clearTimeout(announceTimer);
      status.textContent = "";
      // A short pause lets screen readers notice the change even when the text repeats.
      announceTimer = window.setTimeout(function () {
        status.textContent = text;
      }, ANNOUNCE_DELAY_MS);
    }

    function isOpen() {
      return !listbox.hidden;
    }

    function setActive(index) {
      if (active >= 0 && options[active]) {
        options[active].classList.remove("kf-picker__option--active");
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (active >= 0 && options[active]) {
        var option = options[active];
        option.classList.add("kf-picker__option--active");
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (options.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      setActive(-1);
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function clearChoice() {
      if (select.value !== "") {
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      chosenLabel = "";
    }

    function choose(option) {
      var value = option.getAttribute("data-value");
      var text = option.getAttribute("data-label") || option.textContent.trim();
      select.value = value;
      if (select.value !== value) {
        select.add(new Option(text, value));
        select.value = value;
      }
      chosenLabel = text;
      input.value = text;
      close();
      announce(format(root.dataset.textChosen, { label: text }));
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render(html) {
      var template = document.createElement("template");
      template.innerHTML = html;
      var found = Array.prototype.slice.call(
        template.content.querySelectorAll('li[role="option"][data-value]')
      );
      found.forEach(function (option) {
        option.id = listboxId + "_" + option.getAttribute("data-value");
        option.setAttribute("aria-selected", "false");
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      listbox.replaceChildren.apply(listbox, found);
      options = found;
      if (options.length) {
        open();
      } else {
        close();
      }
      if (options.length === 0) {
        announce(root.dataset.textNone);
      } else if (options.length === 1) {
        announce(root.dataset.textOne);
      } else {
        announce(format(root.dataset.textMany, { count: options.length }));
      }
    }

    function search(term) {
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      var url = new URL(searchUrl.href);
      url.searchParams.set("q", term);
      window
        .fetch(url.href, {
          credentials: "same-origin",
          headers: { Accept: "text/html" },
          signal: controller.signal,
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        })
        .then(render)
        .catch(function (error) {
          if (error.name !== "AbortError") {
            close();
            announce(root.dataset.textError);
          }
        });
    }

    function scheduleSearch() {
      window.clearTimeout(timer);
      var term = input.value.trim().slice(0, TERM_MAX_LENGTH);
      if (!term) {
        if (controller) {
          controller.abort();
        }
        options = [];
        listbox.replaceChildren();
        close();
        status.textContent = "";
        return;
      }
      timer = window.setTimeout(function () {
        search(term);
      }, DEBOUNCE_MS);
    }

    input.addEventListener("input", function () {
      if (input.value !== chosenLabel) {
        clearChoice();
      }
      scheduleSearch();
    });

    input.addEventListener("keydown", function (event) {
      if (event.altKey && event.key === "ArrowUp") {
        close();
        event.preventDefault();
        return;
      }
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!options.length) {
            scheduleSearch();
          } else if (!isOpen()) {
            open();
            if (!event.altKey) {
              setActive(0);
            }
          } else {
            setActive(active + 1 < options.length ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!options.length) {
            return;
          }
          if (!isOpen()) {
            open();
            setActive(options.length - 1);
          } else {
            setActive(active > 0 ? active - 1 : options.length - 1);
          }
          break;
        case "Enter":
          if (isOpen() && (active >= 0 || options.length === 1)) {
            event.preventDefault();
            choose(options[active >= 0 ? active : 0]);
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            clearChoice();
            scheduleSearch();
          }
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
      var typed = input.value.trim().toLowerCase();
      if (!typed) {
        clearChoice();
      } else if (select.value === "") {
        // Typing a whole name and leaving counts as choosing it, when the name is unique.
        var exact = options.filter(function (option) {
          var name = option.querySelector(".kf-picker__name");
          return (name ? name.textContent : "").trim().toLowerCase() === typed;
        });
        if (exact.length === 1) {
          choose(exact[0]);
        }
      }
    });

    // mousedown would move focus away from the input before the click chooses.
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option && listbox.contains(option)) {
        choose(option);
        input.focus();
      }
    });
  }

  function init(scope) {
    if (scope.matches && scope.matches("[data-municipality-picker]")) {
      enhance(scope);
    }
    Array.prototype.forEach.call(scope.querySelectorAll("[data-municipality-picker]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
  // Forms that htmx swaps in get their picker too.
  document.addEventListener("htmx:load", function (event) {
    init(event.target);
  });
})();

// Search on the search page. Reading the site needs no script; only searching
// does. The index lies in search/ beside the page and comes in pieces: a query
// loads the chunks of the word list its words fall in, then the text of the
// pages it shows. Each piece is a script that hands its data to
// budgetbookSearch(key, data), so that it loads over HTTP and from the disk
// (file://, where fetch is refused) alike. The address follows the box
// (search.html?q=...), so a search can be linked to, and a query in the
// address is run at once.
(function () {
  "use strict";

  var INDEX_VERSION = 2; // the layout of search/, as the build writes it
  var MIN_WORD = 2; // as the index: shorter words are not indexed
  var MAX_WORD = 64; // as the index: longer words are cut to this many letters
  var MIN_PREFIX = 3; // shorter stems match whole words only
  var PAGE_SIZE = 10;
  var SECTIONS_SHOWN = 3;
  var EXCERPT_BEFORE = 10;
  var EXCERPT_WORDS = 30;

  // Runs of letters and digits, lowercased: the rule the index was built with.
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  function words(text) {
    return (text.match(WORD) || [])
      .filter(function (w) { return Array.from(w).length >= MIN_WORD; })
      .map(function (w) { return Array.from(w.toLowerCase()).slice(0, MAX_WORD).join(""); });
  }

  // A figure written with group or decimal signs ("2 942,9", "1,248,730")
  // is also a word of its digits alone ("29429"), in the index and in a
  // query (search/text.rs: figure_words), so that it is found however it is
  // typed. A group after a space has three digits and follows a group of
  // at most three; after "," or "." any digits. The page groups digits with
  // no-break spaces; a reader types plain ones too.
  var GROUP_SPACES = "\u00a0\u202f";
  function figures(text, typed) {
    var spaces = typed ? GROUP_SPACES + " \u2009" : GROUP_SPACES;
    var digitsFrom = function (at) {
      var n = 0;
      while (at + n < text.length && text[at + n] >= "0" && text[at + n] <= "9") n++;
      return n;
    };
    var found = [];
    var i = 0;
    while (i < text.length) {
      var group = digitsFrom(i);
      if (group === 0) { i++; continue; }
      var digits = text.slice(i, i + group);
      var end = i + group;
      var joined = false;
      while (end < text.length) {
        var sign = text[end];
        var next = digitsFrom(end + 1);
        var follows = sign === "," || sign === "." ? next > 0
          : spaces.indexOf(sign) >= 0 && next === 3 && group <= 3;
        if (!follows) break;
        digits += text.slice(end + 1, end + 1 + next);
        group = next;
        end += 1 + next;
        joined = true;
      }
      if (joined) found.push({ start: i, end: end, word: digits.slice(0, MAX_WORD) });
      i = end;
    }
    return found;
  }

  // The words of a query: its figures as words of their digits, and its
  // other words.
  function queryWords(query) {
    var runs = figures(query, true);
    var rest = query;
    for (var k = runs.length - 1; k >= 0; k--) {
      rest = rest.slice(0, runs[k].start) + " " + rest.slice(runs[k].end);
    }
    return words(rest).concat(runs.map(function (r) { return r.word; }));
  }

  // Swedish Snowball stemmer (snowballstem.org/algorithms/swedish). The index
  // holds words as written, and a stem is always a beginning of its word, so a
  // stem is looked up as a prefix: "budgeten" -> "budget" -> budget, budgetar.
  var SV_VOWELS = "aeiouyäåö";
  var SV_S_ENDINGS = "bcdfghjklmnoprtvy";
  var SV_SUFFIXES = ["heterna", "hetens", "anden", "andes", "andet", "arens", "arnas",
    "ernas", "heten", "heter", "ornas", "ande", "arna", "arne", "aren", "aste", "erna",
    "erns", "orna", "ades", "ade", "are", "ern", "ens", "het", "ast", "ad", "en", "ar",
    "er", "or", "as", "es", "at", "a", "e"];
  var SV_PAIRS = ["dd", "gd", "nn", "dt", "gt", "kt", "tt"];

  function swedishStem(word) {
    var letters = Array.from(word);
    var r1 = regionOne(letters);
    var inR1 = function (suffix) {
      return letters.length - suffix.length >= r1 && endsWith(letters, suffix);
    };
    var main = SV_SUFFIXES.concat(["s"]).filter(inR1).sort(longestFirst)[0];
    if (main === "s") {
      if (letters.length >= 2 && SV_S_ENDINGS.indexOf(letters[letters.length - 2]) >= 0) {
        letters.pop();
      }
    } else if (main) {
      letters.length -= main.length;
    }
    if (SV_PAIRS.some(inR1)) letters.pop();
    var other = ["fullt", "löst", "lig", "els", "ig"].filter(inR1)[0];
    if (other === "fullt" || other === "löst") letters.pop();
    else if (other) letters.length -= other.length;
    return letters.join("");
  }

  // R1 begins after the first non-vowel that follows a vowel, and not before
  // the fourth letter.
  function regionOne(letters) {
    if (letters.length < 3) return letters.length;
    for (var i = 1; i < letters.length; i++) {
      if (SV_VOWELS.indexOf(letters[i - 1]) >= 0 && SV_VOWELS.indexOf(letters[i]) < 0) {
        return Math.max(i + 1, 3);
      }
    }
    return letters.length;
  }

  function endsWith(letters, suffix) {
    var tail = Array.from(suffix);
    if (tail.length > letters.length) return false;
    for (var i = 0; i < tail.length; i++) {
      if (letters[letters.length - tail.length + i] !== tail[i]) return false;
    }
    return true;
  }

  function longestFirst(a, b) { return b.length - a.length; }

  // English: common endings only; the prefix lookup does the rest.
  function englishStem(word) {
    var endings = ["ations", "ation", "ings", "ing", "ies", "ed", "es", "ly", "s"];
    for (var i = 0; i < endings.length; i++) {
      var e = endings[i];
      if (word.length - e.length >= 3 && word.slice(-e.length) === e) {
        return word.slice(0, -e.length);
      }
    }
    return word;
  }

  function stemmer(language) {
    return language === "sv" ? swedishStem : englishStem;
  }

  // A word without diacritics, "skatteintäkter" -> "skatteintakter", as the
  // index lists words with them a second time (search/text.rs: fold).
  function fold(word) {
    return word.normalize("NFD").replace(/\p{M}/gu, "");
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { words: words, queryWords: queryWords, swedishStem: swedishStem,
      englishStem: englishStem, fold: fold };
  }
  if (typeof document === "undefined") return;

  // --- In the browser -------------------------------------------------------

  // Pieces of the index by key ("index/3"): each is loaded once, by a script
  // element that calls budgetbookSearch with its key and data.
  var loaded = {};
  var waiting = {};
  window.budgetbookSearch = function (key, data) {
    var resolve = waiting[key];
    delete waiting[key];
    if (resolve) resolve(data);
  };
  function load(key, build) {
    if (!loaded[key]) {
      loaded[key] = new Promise(function (resolve, reject) {
        waiting[key] = resolve;
        var script = document.createElement("script");
        script.src = "search/" + key + ".js" + (build ? "?v=" + build : "");
        script.charset = "utf-8";
        script.onload = function () {
          script.remove();
          if (waiting[key]) fail();
        };
        script.onerror = fail;
        function fail() {
          delete waiting[key];
          delete loaded[key]; // a later query tries again
          script.remove();
          reject(new Error("search/" + key + ".js"));
        }
        document.head.append(script);
      });
    }
    return loaded[key];
  }

  // The words of the index that match `word` (the word itself, weight 1) or
  // begin with `stem` (0.7): their postings, and the words with diacritics
  // that entries of these words without them lead to.
  function match(head, word, stem) {
    var end = stem + "\uffff";
    var loads = [];
    head.chunks.forEach(function (range, i) {
      if (range[1] >= stem && range[0] <= end) loads.push(load("index/" + i, head.build));
    });
    return Promise.all(loads).then(function (chunks) {
      var found = { hits: [], written: [] };
      var prefix = Array.from(stem).length >= MIN_PREFIX;
      chunks.forEach(function (chunk) {
        chunk.forEach(function (entry) {
          var w = entry[0];
          var weight = w === word ? 1 : (prefix && w.lastIndexOf(stem, 0) === 0 ? 0.7 : 0);
          if (!weight) return;
          if (entry[1].length > 0) found.hits.push({ postings: entry[1], weight: weight });
          (entry[2] || []).forEach(function (original) {
            found.written.push({ word: original, weight: weight });
          });
        });
      });
      return found;
    });
  }

  // The postings of a query word: the words as typed first; only when there
  // are none, the words that differ from it by diacritics alone
  // ("skatteintakter" finds "skatteintäkter", "café" finds "cafe").
  function lookUp(head, term, stem) {
    return match(head, term.word, term.stem).then(function (found) {
      if (found.hits.length > 0) return found.hits;
      var plain = fold(term.word);
      var again = plain === term.word ? Promise.resolve({ hits: [], written: [] })
        : match(head, plain, stem(plain));
      return again.then(function (other) {
        term.folded = true;
        var written = {};
        found.written.concat(other.written).slice(0, 100).forEach(function (w) {
          written[w.word] = Math.max(written[w.word] || 0, w.weight);
        });
        var hits = other.hits.map(function (hit) {
          return { postings: hit.postings, weight: hit.weight * 0.9 };
        });
        return Promise.all(Object.keys(written).sort().map(function (w) {
          return match(head, w, w).then(function (exact) {
            exact.hits.forEach(function (hit) {
              if (hit.weight === 1) hits.push({ postings: hit.postings, weight: written[w] * 0.9 });
            });
          });
        })).then(function () { return hits; });
      });
    });
  }

  // Ranks pages that hold every query word; within a page, its sections.
  function rank(head, terms, matches) {
    var pages = new Map();
    matches.forEach(function (found, i) {
      var bit = 1 << i;
      found.forEach(function (match) {
        // (page, section, count) triples, each page given as the
        // difference from the one before.
        var postings = match.postings;
        var pageCount = 0;
        for (var k = 0; k < postings.length; k += 3) if (k === 0 || postings[k] > 0) pageCount++;
        var idf = Math.log(1 + head.pages / pageCount);
        var number = 0;
        for (k = 0; k < postings.length; k += 3) {
          number += postings[k];
          var count = postings[k + 2];
          var score = match.weight * idf * count / (count + 1);
          var page = pages.get(number);
          if (!page) {
            page = { number: number, score: 0, mask: 0, sections: new Map() };
            pages.set(number, page);
          }
          var section = page.sections.get(postings[k + 1]);
          if (!section) {
            section = { number: postings[k + 1], score: 0, mask: 0 };
            page.sections.set(postings[k + 1], section);
          }
          page.score += score;
          page.mask |= bit;
          section.score += score;
          section.mask |= bit;
        }
      });
    });
    var all = (1 << terms.length) - 1;
    var bits = function (mask) { var n = 0; for (; mask; mask &= mask - 1) n++; return n; };
    return Array.from(pages.values())
      .filter(function (page) { return page.mask === all; })
      .sort(function (a, b) { return b.score - a.score || a.number - b.number; })
      .map(function (page) {
        page.sections = Array.from(page.sections.values())
          .sort(function (a, b) {
            return bits(b.mask) - bits(a.mask) || b.score - a.score || a.number - b.number;
          })
          .slice(0, SECTIONS_SHOWN);
        return page;
      });
  }

  // Whether a word of the text is one the reader looked for; for a query word
  // found by its letters without diacritics, compared without them.
  function hits(terms, word) {
    return terms.some(function (term) {
      var w = term.folded ? fold(word) : word;
      var stem = term.folded ? fold(term.stem) : term.stem;
      if (w === (term.folded ? fold(term.word) : term.word)) return true;
      if (Array.from(stem).length < MIN_PREFIX) return false;
      var at = w.indexOf(stem);
      // At the start, or as the tail of a compound ("fältsekreterare").
      return at === 0 || (at >= 3 && Array.from(word).length >= 8);
    });
  }

  // A stretch of `text` around its first hit, with the hits marked.
  function excerpt(text, terms) {
    var spans = [];
    var match;
    // The figures looked for, whose digits are marked as hits.
    var found = figures(text, false).filter(function (r) {
      return terms.some(function (t) { return t.word === r.word; });
    });
    var inFigure = function (at) {
      return found.some(function (r) { return at >= r.start && at < r.end; });
    };
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text))) {
      spans.push({ start: match.index, end: match.index + match[0].length,
        hit: hits(terms, match[0].toLowerCase()) || inFigure(match.index) });
    }
    var first = spans.findIndex(function (s) { return s.hit; });
    var from = Math.max(0, first - EXCERPT_BEFORE);
    var to = Math.min(spans.length, from + EXCERPT_WORDS);
    var p = document.createElement("p");
    if (spans.length === 0) return p;
    var at = from === 0 ? 0 : spans[from].start;
    if (from > 0) p.append("… ");
    for (var i = from; i < to; i++) {
      if (!spans[i].hit) continue;
      p.append(text.slice(at, spans[i].start));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(spans[i].start, spans[i].end);
      p.append(mark);
      at = spans[i].end;
    }
    var end = to === spans.length ? text.length : spans[to - 1].end;
    p.append(text.slice(at, end));
    if (end < text.length) p.append(" …");
    return p;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function resultItem(page, ranked, terms) {
    var li = document.createElement("li");
    li.className = "search-result";
    var title = document.createElement("h2");
    title.append(link(page.url, page.title));
    li.append(title);
    var list = document.createElement("ul");
    ranked.sections.forEach(function (s) {
      var section = page.sections[s.number];
      if (!section) return;
      var item = document.createElement("li");
      var href = section.anchor ? page.url + "#" + section.anchor : page.url;
      if (section.heading && section.heading !== page.title) {
        item.append(link(href, section.heading));
      }
      item.append(excerpt(section.text, terms));
      list.append(item);
    });
    li.append(list);
    return li;
  }

  function start(form) {
    var input = form.querySelector("input");
    var status = document.getElementById("search-status");
    var results = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var strings = form.dataset;
    var head = load("index").then(function (head) {
      if (head.version !== INDEX_VERSION) throw new Error("index version " + head.version);
      return head;
    });
    var current = 0; // the latest query; older answers are dropped
    var shown = [];
    var showMore = null;

    function say(text) { status.textContent = text; }

    function run(query) {
      var run = ++current;
      var url = query ? "?q=" + encodeURIComponent(query) : window.location.pathname;
      window.history.replaceState(null, "", url);
      results.replaceChildren();
      more.hidden = true;
      var seen = {};
      var typed = queryWords(query).filter(function (w) {
        return !seen[w] && (seen[w] = true);
      }).slice(0, 30);
      if (typed.length === 0) { say(""); return; }
      head.then(function (head) {
        var stem = stemmer(head.language);
        var terms = typed.map(function (w) { return { word: w, stem: stem(w) }; });
        return Promise.all(terms.map(function (t) { return lookUp(head, t, stem); }))
          .then(function (matches) {
            if (run !== current) return;
            shown = rank(head, terms, matches);
            say(shown.length === 0 ? strings.none.replace("{query}", query)
              : (shown.length === 1 ? strings.one : strings.many)
                .replace("{count}", shown.length.toLocaleString(head.language)));
            var next = 0;
            showMore = function () {
              var batch = shown.slice(next, next + PAGE_SIZE);
              next += batch.length;
              more.hidden = true;
              return Promise.all(batch.map(function (r) {
                return load("pages/" + r.number, head.build);
              })).then(function (pages) {
                if (run !== current) return;
                pages.forEach(function (page, i) {
                  results.append(resultItem(page, batch[i], terms));
                });
                more.hidden = next >= shown.length;
              });
            };
            return showMore();
          });
      }).catch(function () {
        if (run === current) say(strings.failed);
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value.trim()); }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run(input.value.trim());
    });
    more.addEventListener("click", function () { if (showMore) showMore(); });
    form.hidden = false;
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
      run(query.trim());
    }
  }

  window.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("search-form");
    if (form) start(form);
  });
})();

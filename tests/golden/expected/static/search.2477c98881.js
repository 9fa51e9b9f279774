// newsgen search page: Pagefind's JavaScript API, filters by topic and year, two orders.
// The newest indexes are searched first, and their results shown, while the older years'
// indexes load: a first answer costs the same few files however many years the archive holds.
(() => {
  "use strict";
  const root = document.getElementById("search");
  const form = root.querySelector("form");
  const query = document.getElementById("search-query");
  const topic = document.getElementById("search-topic");
  const year = document.getElementById("search-year");
  const sort = document.getElementById("search-sort");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const indexes = root.dataset.indexes.split(" ").filter(Boolean);  // newest first
  const FIRST_INDEXES = 2;
  let pagefind = null;
  let latest = 0;
  let complete = indexes.length <= FIRST_INDEXES;

  const fill = (select, values) => {
    for (const value of Object.keys(values || {}).sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))) {
      select.append(new Option(`${value} (${values[value]})`, value));
    }
  };
  const sortTopics = (select) => {
    const options = [...select.options].slice(1).sort((a, b) => a.value.localeCompare(b.value));
    select.append(...options);
  };

  const render = (items) => {
    list.replaceChildren(...items.map((data) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title || data.url;
      const heading = document.createElement("h2");
      heading.className = "card-title";
      heading.append(link);
      const date = document.createElement("p");
      date.className = "meta";
      date.textContent = data.meta.date || "";
      const excerpt = document.createElement("p");
      excerpt.className = "summary";
      excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
      item.className = "card";
      item.append(heading, date, excerpt);
      return item;
    }));
  };

  const run = async () => {
    const ticket = ++latest;
    const filters = {};
    if (topic.value) filters.topic = topic.value;
    if (year.value) filters.year = year.value;
    const words = query.value.trim();
    if (!words && !topic.value && !year.value) {
      status.textContent = "Type a word to search every article.";
      list.replaceChildren();
      return;
    }
    const options = { filters };
    if (sort.value === "date") options.sort = { date: "desc" };
    const search = await pagefind.search(words || null, options);
    if (ticket !== latest) return;
    const shown = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    if (ticket !== latest) return;
    const count = search.results.length;
    const found = count === 0 ? "No article matches" : `${count} article${count === 1 ? "" : "s"} found${count > 20 ? ", the first 20 shown" : ""}`;
    status.textContent = complete ? `${found}.` : `${found} in the latest years; searching older years\u2026`;
    render(shown);
  };

  const showFilters = async () => {
    const chosen = [topic.value, year.value];
    for (const select of [topic, year]) select.replaceChildren(select.options[0]);
    const filters = await pagefind.filters();
    fill(topic, filters.topic);
    sortTopics(topic);
    fill(year, filters.year);
    [topic.value, year.value] = chosen;
  };

  const start = async () => {
    pagefind = await import(indexes[0] + "pagefind.js");
    await pagefind.options({ basePath: indexes[0] });
    for (const extra of indexes.slice(1, FIRST_INDEXES)) await pagefind.mergeIndex(extra);
    await showFilters();
    const params = new URLSearchParams(location.search);
    query.value = params.get("q") || "";
    form.hidden = false;
    form.addEventListener("submit", (event) => { event.preventDefault(); searchNow(); });
    for (const control of [query, topic, year, sort]) control.addEventListener("input", searchNow);
    await run();
    if (complete) return;
    await Promise.all(indexes.slice(FIRST_INDEXES).map((extra) => pagefind.mergeIndex(extra)));
    complete = true;
    await showFilters();
    await run();
  };
  // A search that fails after the first results (an older year's index did not load) says so
  // and keeps the results shown.
  const searchNow = () => run().catch(failed);
  const failed = () => {
    status.textContent = "Search failed: some years could not be loaded. Reload the page to try again.";
  };
  if (indexes.length === 0) {
    status.textContent = "There is nothing to search yet: no article has been published.";
    return;
  }
  start().catch(() => {
    if (!form.hidden) { failed(); return; }
    status.textContent = "Search could not start. Browse the archive by date or topic instead.";
  });
})();

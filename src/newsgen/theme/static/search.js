// newsgen search page: Pagefind's JavaScript API, filters by topic and year, two orders.
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
  const indexes = root.dataset.indexes.split(" ").filter(Boolean);
  let pagefind = null;
  let latest = 0;

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
    status.textContent = count === 0 ? "No article matches." : `${count} article${count === 1 ? "" : "s"} found${count > 20 ? ", the first 20 shown" : ""}.`;
    render(shown);
  };

  const start = async () => {
    pagefind = await import(indexes[0] + "pagefind.js");
    await pagefind.options({ basePath: indexes[0] });
    for (const extra of indexes.slice(1)) await pagefind.mergeIndex(extra);
    const filters = await pagefind.filters();
    fill(topic, filters.topic);
    sortTopics(topic);
    fill(year, filters.year);
    const params = new URLSearchParams(location.search);
    query.value = params.get("q") || "";
    form.hidden = false;
    form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
    for (const control of [query, topic, year, sort]) control.addEventListener("input", run);
    run();
  };
  start().catch(() => {
    status.textContent = "Search could not start. Browse the archive by date or topic instead.";
  });
})();

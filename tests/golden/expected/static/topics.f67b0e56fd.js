// newsgen topics index: one list, published A-Z; the switch re-sorts the same items by count.
(() => {
  "use strict";
  const form = document.getElementById("topic-order");
  const list = document.getElementById("topic-list");
  if (!form || !list) return;
  const az = [...list.children];
  const count = (item) => Number(item.querySelector(".count").textContent);
  // sort is stable, so topics of equal count stay A-Z, as topics_by_size orders them
  const byCount = [...az].sort((a, b) => count(b) - count(a));
  form.addEventListener("change", () => {
    list.replaceChildren(...(form.elements.order.value === "count" ? byCount : az));
  });
  form.hidden = false;
})();

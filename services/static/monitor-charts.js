/* global Chart, document, getComputedStyle */
// Draws the dashboard charts from the JSON the page embeds. The page shows the same numbers in
// tables, so without JavaScript (or if chart.js fails to load) nothing is lost.
(function () {
  'use strict';
  var source = document.getElementById('monitor-chart-data');
  if (!source || typeof Chart === 'undefined') return;
  var data;
  try {
    data = JSON.parse(source.textContent || '{}');
  } catch {
    return;
  }
  var boxes = document.querySelectorAll('.chart-box');
  for (var i = 0; i < boxes.length; i++) boxes[i].hidden = false;

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;

  var daily = document.getElementById('chart-daily');
  if (daily && data.daily) {
    new Chart(daily, {
      type: 'bar',
      data: {
        labels: data.daily.labels,
        datasets: [
          { label: 'Tiếp nhận', data: data.daily.received, backgroundColor: '#0b5cad' },
          { label: 'Đã trả lời', data: data.daily.answered, backgroundColor: '#1f7a3a' },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  var units = document.getElementById('chart-units');
  if (units && data.units) {
    new Chart(units, {
      type: 'bar',
      data: {
        labels: data.units.labels,
        datasets: [
          {
            label: 'Tỷ lệ đúng hạn (%)',
            data: data.units.rates,
            backgroundColor: data.units.rates.map(function (rate) {
              return rate !== null && rate < 80 ? '#a12626' : '#1f7a3a';
            }),
          },
        ],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { min: 0, max: 100 } },
      },
    });
  }
})();

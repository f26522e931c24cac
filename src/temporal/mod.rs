//! Dates, times, money and percentages (work in progress).

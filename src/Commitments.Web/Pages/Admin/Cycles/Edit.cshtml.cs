using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.FrozenReports;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Cycles;

/// <summary>
/// Creates a reporting year (no id) or changes one. A frozen year is shown read-only and refuses
/// changes: its report has been handed to the ministers and must stay what it was. So does a year whose
/// freeze is under way, until the freeze is done or has failed: its reports are being built from the
/// year as it is, and the change is checked again inside its own transaction
/// (<see cref="CycleFreezeRequests.HoldOpenAsync"/>) so that a freeze confirmed at the same moment
/// cannot end up with half the reports before the change and half after it.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class EditModel(CommitmentsDbContext db, CycleFreezeRequests freezeRequests, TimeProvider time, ILogger<EditModel> logger) : PageModel
{
    public const int MinYear = 2000, MaxYear = 2100, MaxDays = 365;

    /// <summary>The fields as typed; read by <see cref="AdminInput"/> so that every message is bilingual.</summary>
    public sealed class CycleForm
    {
        public string? Year { get; set; }
        public string? UpdatesDueOn { get; set; }
        public string? FreezesOn { get; set; }
        public string? FirstReminderDaysBefore { get; set; }
        public string? EscalateDaysAfter { get; set; }
        public List<string> ThemeIds { get; set; } = [];
    }

    [BindProperty]
    public CycleForm Form { get; set; } = new();

    public int? Id { get; private set; }

    /// <summary>The year as stored (the heading), whatever the form now says.</summary>
    public int? StoredYear { get; private set; }
    /// <summary>The year, shown read-only, when it is frozen or being frozen.</summary>
    public ReportingCycle? ReadOnly { get; private set; }

    /// <summary>The freeze under way, when there is one.</summary>
    public ReportRun? Freezing { get; private set; }
    public IReadOnlyList<Theme> Themes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is { } existing)
        {
            var cycle = await LoadAsync(existing, ct);
            if (cycle == null)
            {
                return NotFound();
            }
            Id = existing;
            StoredYear = cycle.Year;
            Form = new CycleForm
            {
                Year = cycle.Year.ToString(DutchLabels.Culture),
                UpdatesDueOn = cycle.UpdatesDueOn.ToString("yyyy-MM-dd"),
                FreezesOn = cycle.FreezesOn.ToString("yyyy-MM-dd"),
                FirstReminderDaysBefore = cycle.FirstReminderDaysBefore.ToString(DutchLabels.Culture),
                EscalateDaysAfter = cycle.EscalateDaysAfter.ToString(DutchLabels.Culture),
                ThemeIds = cycle.Themes.Select(t => t.Id.ToString(DutchLabels.Culture)).ToList(),
            };
            await ReadOnlyWhenFrozenAsync(cycle, ct);
        }
        else
        {
            // A new year starts from the last one: the year after it, the same themes and reminder policy.
            var last = await db.ReportingCycles.AsNoTracking().Include(c => c.Themes).OrderByDescending(c => c.Year).FirstOrDefaultAsync(ct);
            var year = last?.Year + 1 ?? AmsterdamTime.Now(time).Year;
            Form = new CycleForm
            {
                Year = year.ToString(DutchLabels.Culture),
                FirstReminderDaysBefore = (last?.FirstReminderDaysBefore ?? 14).ToString(DutchLabels.Culture),
                EscalateDaysAfter = (last?.EscalateDaysAfter ?? 7).ToString(DutchLabels.Culture),
                ThemeIds = last?.Themes.Select(t => t.Id.ToString(DutchLabels.Culture)).ToList() ?? [],
            };
        }
        await LoadThemesAsync(ct);
        if (id == null && Form.ThemeIds.Count == 0)
        {
            Form.ThemeIds = Themes.Select(t => t.Id.ToString(DutchLabels.Culture)).ToList();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        ReportingCycle? cycle = null;
        if (id is { } existing)
        {
            cycle = await LoadAsync(existing, ct);
            if (cycle == null)
            {
                return NotFound();
            }
            Id = existing;
            StoredYear = cycle.Year;
            if (await ReadOnlyWhenFrozenAsync(cycle, ct))
            {
                return await RefusedAsync(ct);
            }
        }
        await LoadThemesAsync(ct);

        var year = AdminInput.Number(ModelState, "Form.Year", Form.Year, MinYear, MaxYear,
            Messages.Text("Vul een jaartal in tussen {0} en {1}.", MinYear, MaxYear));
        var due = AdminInput.Date(ModelState, "Form.UpdatesDueOn", Form.UpdatesDueOn,
            Messages.Text("Vul de datum in waarop de voortgang binnen moet zijn, bijvoorbeeld 01-05-2018."));
        var freezes = AdminInput.Date(ModelState, "Form.FreezesOn", Form.FreezesOn,
            Messages.Text("Vul de datum van bevriezing in, bijvoorbeeld 18-06-2018."));
        var before = AdminInput.Number(ModelState, "Form.FirstReminderDaysBefore", Form.FirstReminderDaysBefore, 0, MaxDays,
            Messages.Text("Vul een aantal dagen in van 0 tot en met {0}.", MaxDays));
        var after = AdminInput.Number(ModelState, "Form.EscalateDaysAfter", Form.EscalateDaysAfter, 0, MaxDays,
            Messages.Text("Vul een aantal dagen in van 0 tot en met {0}.", MaxDays));
        if (due is { } d && freezes is { } f && f <= d)
        {
            ModelState.AddModelError("Form.FreezesOn",
                Messages.Text("De rapportage wordt bevroren ná de datum waarop de voortgang binnen moet zijn."));
        }
        var themeIds = AdminInput.Ids(Form.ThemeIds);
        var themes = themeIds == null ? null : Themes.Where(t => themeIds.Contains(t.Id)).ToList();
        if (themes == null || themes.Count != themeIds!.Count)
        {
            ModelState.AddModelError("Form.ThemeIds", Messages.Text("Kies thema's uit de lijst."));
        }
        if (year is { } y && await db.ReportingCycles.AnyAsync(c => c.Year == y && c.Id != (id ?? 0), ct))
        {
            ModelState.AddModelError("Form.Year", Messages.Text("Er is al een rapportagejaar {0}.", y));
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var isNew = cycle == null;
        cycle ??= new ReportingCycle();
        var changes = new ChangeList()
            .Compare("Year", isNew ? null : cycle.Year, year)
            .Compare("UpdatesDueOn", isNew ? null : cycle.UpdatesDueOn, due)
            .Compare("FreezesOn", isNew ? null : cycle.FreezesOn, freezes)
            .Compare("FirstReminderDaysBefore", isNew ? null : cycle.FirstReminderDaysBefore, before)
            .Compare("EscalateDaysAfter", isNew ? null : cycle.EscalateDaysAfter, after)
            .Compare("Themes", cycle.Themes.Select(t => t.Name), themes!.Select(t => t.Name));
        cycle.Year = year!.Value;
        cycle.UpdatesDueOn = due!.Value;
        cycle.FreezesOn = freezes!.Value;
        cycle.FirstReminderDaysBefore = before!.Value;
        cycle.EscalateDaysAfter = after!.Value;
        cycle.Themes.RemoveAll(t => !themes!.Contains(t));
        cycle.Themes.AddRange(themes!.Where(t => !cycle.Themes.Contains(t)));

        if (changes.Any)
        {
            try
            {
                await db.InTransactionAsync(async token =>
                {
                    if (isNew)
                    {
                        db.ReportingCycles.Add(cycle);
                    }
                    else
                    {
                        await freezeRequests.HoldOpenAsync(cycle.Id, token);
                    }
                    await db.SaveChangesAsync(token); // the id, for the history line
                    db.Audit(User, isNew ? AuditActions.CycleCreated : AuditActions.CycleChanged, nameof(ReportingCycle), cycle.Id, null, changes.ToJson());
                    await db.SaveChangesAsync(token);
                    return cycle.Id;
                }, ct);
            }
            catch (FrozenCycleException e)
            {
                // A freeze was confirmed (or finished) between the check above and this save.
                logger.LogInformation("Change of reporting year {Year} refused: {Reason}", StoredYear, e.Message);
                db.ChangeTracker.Clear();
                var stored = await LoadAsync(cycle.Id, ct);
                if (stored == null || !await ReadOnlyWhenFrozenAsync(stored, ct))
                {
                    throw;
                }
                return await RefusedAsync(ct);
            }
            catch (DbUpdateException e)
            {
                // Another administrator saved the same year between the check above and this save:
                // the unique index refused it. Anything else is not ours to explain.
                if (!await db.ReportingCycles.AnyAsync(c => c.Year == cycle.Year && c.Id != (id ?? 0), ct))
                {
                    throw;
                }
                logger.LogInformation(e, "Reporting year {Year} was taken meanwhile", cycle.Year);
                ModelState.AddModelError("Form.Year", Messages.Text("Er is al een rapportagejaar {0}.", cycle.Year));
                return Page();
            }
        }
        TempData["Message"] = Messages.Text("Rapportagejaar {0} is opgeslagen.", cycle.Year);
        return RedirectToPage("Index");
    }

    /// <summary>Sets <see cref="ReadOnly"/> (and <see cref="Freezing"/>) when the year is frozen or its freeze is under way.</summary>
    private async Task<bool> ReadOnlyWhenFrozenAsync(ReportingCycle cycle, CancellationToken ct)
    {
        if (cycle.FrozenAt == null)
        {
            var run = await freezeRequests.LatestAsync(cycle.Id, ct);
            if (run == null || !CycleFreezeRequests.UnderWay(run, time.GetUtcNow().UtcDateTime))
            {
                return false;
            }
            Freezing = run;
        }
        ReadOnly = cycle;
        return true;
    }

    private async Task<IActionResult> RefusedAsync(CancellationToken ct)
    {
        ModelState.AddModelError(string.Empty, Freezing != null
            ? Messages.Text("Dit rapportagejaar wordt nu bevroren en kan niet meer worden gewijzigd.")
            : Messages.Text("Dit rapportagejaar is bevroren en kan niet meer worden gewijzigd."));
        await LoadThemesAsync(ct);
        return Page(); // as every refusal of the administration pages: the page again, with the reason on top

    }

    private Task<ReportingCycle?> LoadAsync(int id, CancellationToken ct) =>
        db.ReportingCycles.Include(c => c.Themes).FirstOrDefaultAsync(c => c.Id == id, ct);

    private async Task LoadThemesAsync(CancellationToken ct) =>
        Themes = await db.Themes.OrderBy(t => t.SortOrder).ThenBy(t => t.Name).ToListAsync(ct);
}

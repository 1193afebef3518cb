using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Lifecycle;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// What Create and Edit share: the registration form with its steps that need no JavaScript. Each
/// step (add or remove an indicator row, search a co-partner, add or remove one) is a submit button
/// with a handler of its own that re-renders the posted form with the change made: nothing is saved,
/// and everything typed comes back as it was. Saving (as draft, or saving and submitting) is the
/// page's own work (<see cref="SaveAsync"/>).
/// </summary>
public abstract class CommitmentFormPageModel(CommitmentsDbContext db, LifecycleNotifications notifications, TimeProvider time) : PageModel
{
    /// <summary>Search results shown at once; more means the partner should type more of the name.</summary>
    public const int SearchLimit = 20;

    protected CommitmentsDbContext Db => db;
    protected LifecycleNotifications Notifications => notifications;
    protected DateTime Now => time.GetUtcNow().UtcDateTime;

    [BindProperty]
    public CommitmentForm Form { get; set; } = new();

    /// <summary>The themes that may be chosen: those of the reporting year (all themes if it names none).</summary>
    public IReadOnlyList<Theme> Themes { get; protected set; } = [];

    /// <summary>The lead partner, for the label of its own share.</summary>
    public string OwnOrganizationName { get; protected set; } = "";

    /// <summary>Co-partners as saved, with their answer and the share they answered to (empty for a new commitment).</summary>
    public IReadOnlyDictionary<int, SavedCoPartner> SavedCoPartners { get; protected set; } = new Dictionary<int, SavedCoPartner>();

    /// <summary>Indicators with reported values: they cannot be removed.</summary>
    public IReadOnlySet<int> IndicatorsWithValues { get; protected set; } = new HashSet<int>();

    /// <summary>The organisations of the chosen co-partners (names are never taken from the post).</summary>
    public IReadOnlyDictionary<int, FormOrganization> Organizations { get; private set; } = new Dictionary<int, FormOrganization>();

    /// <summary>Null until the partner searched.</summary>
    public IReadOnlyList<FormOrganization>? SearchResults { get; private set; }

    public bool SearchHasMore { get; private set; }

    /// <summary>What the form as it stands still lacks to be submitted (shown as hints, not errors).</summary>
    public IReadOnlyList<SmartGap> Gaps { get; private set; } = [];

    public decimal? ShareTotal { get; private set; }

    /// <summary>The id of the field that takes the focus after a step (the new row, the search results).</summary>
    public string? Focus { get; protected set; }

    /// <summary>After a stale save: what someone else changed since the form was loaded.</summary>
    public IReadOnlyList<FieldChange>? ChangedMeanwhile { get; protected set; }

    /// <summary>True when the page cannot save at all (no open reporting year); the page says why.</summary>
    public virtual bool CannotSave => false;

    protected int OwnOrganizationId => db.Scope.OrganizationId ?? throw new InvalidOperationException("A partner without organisation.");

    /// <summary>Loads what the page works on and the choices it offers; a result instead when the user may not.</summary>
    protected abstract Task<IActionResult?> LoadAsync(CancellationToken ct);

    /// <summary>Checks, applies and saves the form; <paramref name="submit"/> also submits it for review.</summary>
    protected abstract Task<IActionResult> SaveAsync(bool submit, CancellationToken ct);

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => SaveAsync(submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => SaveAsync(submit: true, ct);

    public Task<IActionResult> OnPostAddIndicatorAsync(CancellationToken ct) => StepAsync(() =>
    {
        if (Form.Indicators.Count >= CommitmentForm.MaxIndicators)
        {
            ModelState.AddModelError($"{CommitmentForm.Form}.{nameof(CommitmentForm.Indicators)}",
                Messages.Text("Hoogstens {0} indicatoren per toezegging.", CommitmentForm.MaxIndicators));
            return Task.CompletedTask;
        }
        Form.Indicators.Add(new IndicatorRow());
        Focus = FieldId(CommitmentForm.IndicatorKey(Form.Indicators.Count - 1, nameof(IndicatorRow.Name)));
        return Task.CompletedTask;
    }, ct);

    /// <param name="removeIndicator">The row (0-based) whose remove button was pressed.</param>
    public Task<IActionResult> OnPostRemoveIndicatorAsync(int? removeIndicator, CancellationToken ct) => StepAsync(() =>
    {
        if (removeIndicator is not { } index || index < 0 || index >= Form.Indicators.Count)
        {
            return Task.CompletedTask; // nothing there (a stale or forged button): nothing to do
        }
        var row = Form.Indicators[index];
        if (row.Id != 0 && IndicatorsWithValues.Contains(row.Id))
        {
            ModelState.AddModelError(CommitmentForm.IndicatorKey(index, nameof(IndicatorRow.Name)),
                Messages.Text("Indicator {0} heeft al gerapporteerde waarden en kan niet worden verwijderd.", index + 1));
            return Task.CompletedTask;
        }
        Form.Indicators.RemoveAt(index);
        Focus = "add-indicator";
        return Task.CompletedTask;
    }, ct);

    public Task<IActionResult> OnPostSearchAsync(CancellationToken ct) => StepAsync(async () =>
    {
        if (string.IsNullOrWhiteSpace(Form.CoPartnerSearch))
        {
            ModelState.AddModelError($"{CommitmentForm.Form}.{nameof(CommitmentForm.CoPartnerSearch)}",
                Messages.Text("Typ een deel van de naam van de organisatie."));
            return;
        }
        await SearchAsync(ct);
        Focus = "copartner-results";
    }, ct);

    /// <summary>
    /// The form's default button, which the Enter key presses: it only re-renders (searching when a
    /// search text was typed), so Enter in any field never saves half a form or removes a row.
    /// </summary>
    public Task<IActionResult> OnPostRefreshAsync(CancellationToken ct) => StepAsync(async () =>
    {
        if (!string.IsNullOrWhiteSpace(Form.CoPartnerSearch))
        {
            await SearchAsync(ct);
            Focus = "copartner-results";
        }
    }, ct);

    /// <param name="addCoPartner">The organisation whose add button was pressed.</param>
    public Task<IActionResult> OnPostAddCoPartnerAsync(int? addCoPartner, CancellationToken ct) => StepAsync(async () =>
    {
        const string key = $"{CommitmentForm.Form}.{nameof(CommitmentForm.CoPartnerSearch)}";
        var organization = addCoPartner == null ? null : await db.Organizations.AsNoTracking()
            .Where(o => o.Id == addCoPartner)
            .Select(o => new FormOrganization(o.Id, o.Name, o.DeactivatedAt == null))
            .FirstOrDefaultAsync(ct);
        if (organization == null)
        {
            ModelState.AddModelError(key, Messages.Text("Deze organisatie bestaat niet."));
        }
        else if (organization.Id == OwnOrganizationId)
        {
            ModelState.AddModelError(key, Messages.Text("Uw eigen organisatie is al penvoerder en kan geen co-partner zijn."));
        }
        else if (!organization.IsActive && !SavedCoPartners.ContainsKey(organization.Id))
        {
            ModelState.AddModelError(key, Messages.Text("{0} doet niet meer mee aan het Techniekpact en kan geen co-partner worden.", organization.Name));
        }
        else if (Form.CoPartners.Count >= CommitmentForm.MaxCoPartners)
        {
            ModelState.AddModelError(key, Messages.Text("Hoogstens {0} co-partners per toezegging.", CommitmentForm.MaxCoPartners));
        }
        else if (Form.CoPartners.All(p => p.OrganizationId != organization.Id))
        {
            Form.CoPartners.Add(new CoPartnerRow { OrganizationId = organization.Id });
            Focus = FieldId(CommitmentForm.CoPartnerKey(Form.CoPartners.Count - 1, nameof(CoPartnerRow.Share)));
        }
        if (!string.IsNullOrWhiteSpace(Form.CoPartnerSearch))
        {
            await SearchAsync(ct); // the results stay, without the one just added, to add more
        }
    }, ct);

    /// <param name="removeCoPartner">The organisation whose remove button was pressed.</param>
    public Task<IActionResult> OnPostRemoveCoPartnerAsync(int? removeCoPartner, CancellationToken ct) => StepAsync(() =>
    {
        Form.CoPartners.RemoveAll(p => p.OrganizationId == removeCoPartner);
        Focus = FieldId($"{CommitmentForm.Form}.{nameof(CommitmentForm.CoPartnerSearch)}");
        return Task.CompletedTask;
    }, ct);

    /// <summary>A step: load, change the posted form, show it again. Nothing is saved.</summary>
    private async Task<IActionResult> StepAsync(Func<Task> step, CancellationToken ct)
    {
        var refusal = await LoadAsync(ct);
        if (refusal != null)
        {
            return refusal;
        }
        // A step is not a save: no complaints yet about fields that are still empty.
        ModelState.Clear();
        await step();
        return await RenderAsync(ct);
    }

    /// <summary>
    /// Active organisations whose name contains the search text, whatever the case, the text taken
    /// literally (a % or _ is just a character). Contains() becomes instr() on SQLite and strpos() on
    /// PostgreSQL: no LIKE pattern, so nothing to escape.
    /// </summary>
    private async Task SearchAsync(CancellationToken ct)
    {
        var text = Form.CoPartnerSearch!.Trim();
        if (text.Length > CommitmentForm.SearchMaxLength)
        {
            text = ""; // the length check reports it; a forged long text searches nothing
        }
        var term = text.ToLowerInvariant();
        var chosen = Form.CoPartners.Select(p => p.OrganizationId).Append(OwnOrganizationId).ToList();
        var found = await db.Organizations.AsNoTracking()
            .Where(o => o.DeactivatedAt == null && !chosen.Contains(o.Id) && o.Name.ToLower().Contains(term))
            .OrderBy(o => o.Name).ThenBy(o => o.Id)
            .Take(SearchLimit + 1)
            .Select(o => new FormOrganization(o.Id, o.Name, true))
            .ToListAsync(ct);
        SearchHasMore = found.Count > SearchLimit;
        SearchResults = found.Take(SearchLimit).ToList();
    }

    /// <summary>Shows the form again, with the hints worked out from what it holds now.</summary>
    protected async Task<IActionResult> RenderAsync(CancellationToken ct)
    {
        await LoadOrganizationsAsync(ct);
        // Read the form once more without reporting: the hints judge what could be read.
        var parsed = Form.Parse(new ModelStateDictionary(), Themes.Select(t => t.Id).ToList(), OwnOrganizationId, Organizations);
        Gaps = Probe(parsed).SmartGaps();
        ShareTotal = parsed.ShareTotal;
        return Page();
    }

    /// <summary>The names of the chosen co-partners (and the saved ones), in one query.</summary>
    protected async Task LoadOrganizationsAsync(CancellationToken ct)
    {
        var ids = Form.CoPartners.Select(p => p.OrganizationId).Concat(SavedCoPartners.Keys).Distinct().ToList();
        Organizations = ids.Count == 0
            ? new Dictionary<int, FormOrganization>()
            : await db.Organizations.AsNoTracking()
                .Where(o => ids.Contains(o.Id))
                .Select(o => new FormOrganization(o.Id, o.Name, o.DeactivatedAt == null))
                .ToDictionaryAsync(o => o.Id, ct);
    }

    /// <summary>Reads the posted form and reports what is wrong in the model state.</summary>
    protected ParsedForm ParseForm(IReadOnlyCollection<Indicator> existingIndicators)
    {
        var parsed = Form.Parse(ModelState, Themes.Select(t => t.Id).ToList(), OwnOrganizationId, Organizations);

        // A co-partner named now must still take part; one named before keeps its place.
        foreach (var (partner, index) in parsed.CoPartners.Select((p, i) => (p, i)))
        {
            if (!SavedCoPartners.ContainsKey(partner.OrganizationId)
                && Organizations.TryGetValue(partner.OrganizationId, out var organization) && !organization.IsActive)
            {
                ModelState.AddModelError(CommitmentForm.CoPartnerKey(index, nameof(CoPartnerRow.Share)),
                    Messages.Text("{0} doet niet meer mee aan het Techniekpact en kan geen co-partner worden.", organization.Name));
            }
        }

        // Indicators posted with an id must be this commitment's own: an id is never attached blindly.
        var own = existingIndicators.Select(i => i.Id).ToHashSet();
        var seen = new HashSet<int>();
        foreach (var row in parsed.Indicators.Where(r => r.Id != 0))
        {
            if (!own.Contains(row.Id) || !seen.Add(row.Id))
            {
                ModelState.AddModelError(CommitmentForm.IndicatorKey(row.Row, nameof(IndicatorRow.Name)),
                    Messages.Text("Indicator {0} hoort niet bij deze toezegging; er is niets opgeslagen. Verwijder de regel of open de toezegging opnieuw.", row.Row + 1));
            }
        }
        foreach (var removed in existingIndicators.Where(i => parsed.Indicators.All(r => r.Id != i.Id) && IndicatorsWithValues.Contains(i.Id)))
        {
            ModelState.AddModelError($"{CommitmentForm.Form}.{nameof(CommitmentForm.Indicators)}",
                Messages.Text("De indicator ‘{0}’ heeft al gerapporteerde waarden en kan niet worden verwijderd.", removed.Name));
        }
        return parsed;
    }

    /// <summary>What a co-partner's users are asked again, or for the first time, after the form is applied.</summary>
    protected sealed record AppliedChanges(IReadOnlyList<CommitmentCoPartner> Named, IReadOnlyList<CommitmentCoPartner> AskedAgain);

    /// <summary>
    /// Copies the checked form onto the commitment (themes, co-partners and indicators loaded). Co-partners
    /// already named keep their answer, unless their share changed: they answered to another share, so
    /// they are asked again. Indicators are matched by id; new ones get id 0 until saved.
    /// </summary>
    protected AppliedChanges Apply(Commitment c, ParsedForm p)
    {
        c.Title = Form.Title;
        c.Description = string.IsNullOrEmpty(Form.Description) ? null : Form.Description;
        c.StartDate = Form.StartDate;
        c.EndDate = Form.EndDate;
        c.BudgetEuros = p.Budget;
        c.InKindDescription = string.IsNullOrEmpty(Form.InKindDescription) ? null : Form.InKindDescription;
        c.ContactName = string.IsNullOrEmpty(Form.ContactName) ? null : Form.ContactName;
        c.ContactEmail = p.ContactEmail;
        c.LeadSharePercent = p.LeadShare;

        c.Themes.RemoveAll(t => !p.ThemeIds.Contains(t.Id));
        c.Themes.AddRange(Themes.Where(t => p.ThemeIds.Contains(t.Id) && c.Themes.All(x => x.Id != t.Id)));

        var named = new List<CommitmentCoPartner>();
        var askedAgain = new List<CommitmentCoPartner>();
        c.CoPartners.RemoveAll(x => p.CoPartners.All(y => y.OrganizationId != x.OrganizationId));
        foreach (var partner in p.CoPartners)
        {
            var share = partner.Share ?? 0;
            var existing = c.CoPartners.FirstOrDefault(x => x.OrganizationId == partner.OrganizationId);
            if (existing == null)
            {
                var added = new CommitmentCoPartner { OrganizationId = partner.OrganizationId, SharePercent = share };
                c.CoPartners.Add(added);
                named.Add(added);
            }
            else if (existing.SharePercent != share)
            {
                existing.SharePercent = share;
                if (existing.Response != CoPartnerResponse.Pending)
                {
                    existing.Response = CoPartnerResponse.Pending;
                    existing.RespondedAt = null;
                    askedAgain.Add(existing);
                }
            }
        }

        c.Indicators.RemoveAll(i => p.Indicators.All(r => r.Id != i.Id));
        var order = 0;
        foreach (var row in p.Indicators)
        {
            var indicator = row.Id == 0 ? null : c.Indicators.FirstOrDefault(i => i.Id == row.Id);
            if (indicator == null)
            {
                indicator = new Indicator { Name = row.Name, Unit = row.Unit };
                c.Indicators.Add(indicator);
            }
            indicator.Name = row.Name;
            indicator.Unit = row.Unit;
            indicator.Baseline = row.Baseline;
            indicator.Target = row.Target;
            indicator.TargetDate = row.TargetDate;
            indicator.SortOrder = order++;
        }
        return new AppliedChanges(named, askedAgain);
    }

    /// <summary>The field changes between two versions, with co-partners named as the database has them.</summary>
    protected async Task<IReadOnlyList<FieldChange>> ChangesAsync(CommitmentContent before, CommitmentContent after, CancellationToken ct)
    {
        var ids = before.CoPartners.Concat(after.CoPartners).Select(p => p.OrganizationId).Distinct().ToList();
        var missing = ids.Where(id => !Organizations.ContainsKey(id)).ToList();
        var names = Organizations.ToDictionary(o => o.Key, o => o.Value.Name);
        if (missing.Count > 0)
        {
            foreach (var o in await db.Organizations.AsNoTracking().Where(o => missing.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            {
                names[o.Id] = o.Name;
            }
        }
        return CommitmentChanges.Between(before, after, id => names.TryGetValue(id, out var name) ? name : $"#{id}");
    }

    /// <summary>
    /// Says per field what keeps the commitment from being submitted, in the error summary, each
    /// message linked to the field to fill in.
    /// </summary>
    protected void AddGapErrors(IReadOnlyList<SmartGap> gaps, ParsedForm parsed)
    {
        const string form = CommitmentForm.Form;
        ModelState.AddModelError(string.Empty,
            Messages.Text("De toezegging is niet ingediend en niet opgeslagen: om in te dienen ontbreekt nog wat hieronder staat. Kies ‘Opslaan als concept’ om de toezegging onvolledig te bewaren."));
        foreach (var gap in gaps)
        {
            switch (gap)
            {
                case SmartGap.Title:
                    ModelState.AddModelError($"{form}.{nameof(CommitmentForm.Title)}", Messages.Text("Indienen kan pas met een titel."));
                    break;
                case SmartGap.Theme:
                    ModelState.AddModelError($"{form}.{nameof(CommitmentForm.ThemeIds)}", Messages.Text("Kies minstens één thema."));
                    break;
                case SmartGap.EndDate:
                    ModelState.AddModelError($"{form}.{nameof(CommitmentForm.EndDate)}", Messages.Text("Vul de einddatum in."));
                    break;
                case SmartGap.Resources:
                    ModelState.AddModelError($"{form}.{nameof(CommitmentForm.Budget)}", Messages.Text("Vul een budget of de inzet in natura in."));
                    break;
                case SmartGap.Indicator:
                    ModelState.AddModelError($"{form}.{nameof(CommitmentForm.Indicators)}", Messages.Text("Voeg minstens één indicator toe, met doel en doeldatum."));
                    break;
                case SmartGap.IndicatorTarget:
                    foreach (var row in parsed.Indicators.Where(i => i.Target == null))
                    {
                        ModelState.AddModelError(CommitmentForm.IndicatorKey(row.Row, nameof(IndicatorRow.Target)),
                            Messages.Text("Vul het doel van indicator {0} in.", row.Row + 1));
                    }
                    break;
                case SmartGap.IndicatorTargetDate:
                    foreach (var row in parsed.Indicators.Where(i => i.TargetDate == null))
                    {
                        ModelState.AddModelError(CommitmentForm.IndicatorKey(row.Row, nameof(IndicatorRow.TargetDate)),
                            Messages.Text("Vul de doeldatum van indicator {0} in.", row.Row + 1));
                    }
                    break;
                case SmartGap.Shares:
                    var total = CommitmentForm.Percent(parsed.ShareTotal ?? parsed.LeadShare);
                    ModelState.AddModelError($"{form}.{nameof(CommitmentForm.LeadShare)}",
                        Messages.Text("De aandelen tellen samen op tot {0}%; dat moet precies 100% zijn.", total));
                    break;
            }
        }
    }

    /// <summary>A throwaway commitment with what the form holds, for the domain's SMART rules.</summary>
    private Commitment Probe(ParsedForm p) => new()
    {
        Title = Form.Title ?? "",
        EndDate = Form.EndDate,
        BudgetEuros = p.Budget,
        InKindDescription = Form.InKindDescription,
        Themes = p.ThemeIds.Select(id => new Theme { Id = id, Name = "" }).ToList(),
        LeadSharePercent = p.LeadShare,
        CoPartners = p.CoPartners.Select(x => new CommitmentCoPartner { OrganizationId = x.OrganizationId, SharePercent = x.Share ?? 0 }).ToList(),
        Indicators = p.Indicators.Select(i => new Indicator { Name = i.Name, Unit = i.Unit, Target = i.Target, TargetDate = i.TargetDate }).ToList(),
    };

    /// <summary>The id of a field, as the error summary links to it.</summary>
    public static string FieldId(string key) => key.Replace('.', '_');

    /// <summary>A message for the page shown after the redirect, in both languages.</summary>
    protected static string Names(IEnumerable<CommitmentCoPartner> partners, IReadOnlyDictionary<int, FormOrganization> organizations) =>
        string.Join(", ", partners.Select(p => organizations.TryGetValue(p.OrganizationId, out var o) ? o.Name : $"#{p.OrganizationId}"));
}

/// <summary>A co-partner as saved: the share it was asked for and its answer.</summary>
public sealed record SavedCoPartner(decimal SharePercent, CoPartnerResponse Response);

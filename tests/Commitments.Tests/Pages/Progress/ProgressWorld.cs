using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Pages.Progress;

/// <summary>
/// Test data for progress reporting, made through an administrator's DbContext and the application's
/// own account store, independent of the demo data: a landsdeel of its own with a regional lead, two
/// partner organisations with an account each, and the open reporting cycle (a year after every
/// cycle the demo data has, so it is the latest one that is not frozen).
/// </summary>
public sealed class ProgressWorld
{
    public const int CycleYear = 2090;

    private readonly CommitmentsWebFactory _app;

    private ProgressWorld(CommitmentsWebFactory app, string code)
    {
        _app = app;
        Code = code;
    }

    public string Code { get; }
    public int RegionId { get; private set; }
    public int PartnerOrganizationId { get; private set; }
    public int OtherOrganizationId { get; private set; }
    public string PartnerEmail => $"partner.{Code}@progress.test";
    public string OtherPartnerEmail => $"ander.{Code}@progress.test";
    public string LeadEmail => $"trekker.{Code}@progress.test";
    public int CycleId { get; private set; }

    /// <summary>A new landsdeel with its lead, two organisations with a partner account each, and the open cycle.</summary>
    public static async Task<ProgressWorld> CreateAsync(CommitmentsWebFactory app, string? partnerCulture = null)
    {
        var world = new ProgressWorld(app, "t" + Guid.NewGuid().ToString("N")[..8]);
        await using (var db = app.CreateAdminDbContext())
        {
            var region = new Region { Code = world.Code, Name = $"Testlandsdeel {world.Code}" };
            var province = new Province { Name = $"Testprovincie {world.Code}", Region = region };
            var partner = new Organization { Name = $"Partner {world.Code}", Type = OrganizationType.Business, Region = region, Province = province };
            var other = new Organization { Name = $"Andere partner {world.Code}", Type = OrganizationType.Municipality, Region = region, Province = province };
            db.AddRange(region, province, partner, other);
            await db.SaveChangesAsync();
            world.RegionId = region.Id;
            world.PartnerOrganizationId = partner.Id;
            world.OtherOrganizationId = other.Id;
            world.CycleId = (await EnsureOpenCycleAsync(app)).Id;
        }
        await world.CreateUserAsync(world.PartnerEmail, Roles.Partner, organizationId: world.PartnerOrganizationId, culture: partnerCulture);
        await world.CreateUserAsync(world.OtherPartnerEmail, Roles.Partner, organizationId: world.OtherOrganizationId);
        await world.CreateUserAsync(world.LeadEmail, Roles.RegionalLead, regionId: world.RegionId);
        return world;
    }

    /// <summary>
    /// The cycle the tests report in: year 2090, due 60 days after the fake clock's today when first
    /// made, its conference 30 days later. Every other cycle (the demo data's) is frozen, so that this
    /// one is the open cycle whatever the demo data holds.
    /// </summary>
    public static async Task<ReportingCycle> EnsureOpenCycleAsync(CommitmentsWebFactory app)
    {
        await using var db = app.CreateAdminDbContext();
        var cycle = await db.ReportingCycles.FirstOrDefaultAsync(c => c.Year == CycleYear);
        if (cycle == null)
        {
            var today = DateOnly.FromDateTime(AmsterdamTime.Now(app.Time));
            cycle = new ReportingCycle { Year = CycleYear, UpdatesDueOn = today.AddDays(60), FreezesOn = today.AddDays(90) };
            db.ReportingCycles.Add(cycle);
            foreach (var other in await db.ReportingCycles.Where(c => c.FrozenAt == null).ToListAsync())
            {
                other.FrozenAt = app.Time.GetUtcNow().UtcDateTime;
            }
            await db.SaveChangesAsync();
        }
        return cycle;
    }

    public async Task CreateUserAsync(string email, string role, int? organizationId = null, int? regionId = null, string? culture = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<DataScopeAccessor>().Widen(DataScope.Everything("test accounts"));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = email,
            OrganizationId = organizationId, RegionId = regionId, Culture = culture ?? "nl-NL",
        };
        var created = await users.CreateAsync(user, CommitmentsWebFactory.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    /// <summary>An approved commitment of the partner (or the given organisation) with these indicators (baseline, target).</summary>
    public async Task<Commitment> CommitmentAsync(string title, CommitmentStatus status = CommitmentStatus.Approved, int? organizationId = null,
        params (string Name, decimal Baseline, decimal? Target)[] indicators)
    {
        await using var db = _app.CreateAdminDbContext();
        var c = new Commitment
        {
            OrganizationId = organizationId ?? PartnerOrganizationId,
            ReportingCycleId = CycleId,
            Title = title,
            Status = status,
            EndDate = new DateOnly(2092, 12, 31),
            BudgetEuros = 1000m,
            ApprovedRevision = status == CommitmentStatus.Approved ? 1 : null,
            Indicators = (indicators.Length == 0 ? [("stageplaatsen", 0m, (decimal?)120m)] : indicators)
                .Select((i, n) => new Indicator { Name = i.Name, Unit = "aantal", Baseline = i.Baseline, Target = i.Target, TargetDate = new DateOnly(2092, 12, 31), SortOrder = n })
                .ToList(),
        };
        db.Commitments.Add(c);
        await db.SaveChangesAsync();
        return c;
    }

    /// <summary>An update of the open cycle in the given state, written directly (for overviews and reviews).</summary>
    public async Task<ProgressUpdate> UpdateAsync(int commitmentId, ProgressUpdateStatus status, decimal? value = null, int? cycleId = null)
    {
        await using var db = _app.CreateAdminDbContext();
        var indicators = await db.Indicators.Where(i => i.CommitmentId == commitmentId).ToListAsync();
        var update = new ProgressUpdate
        {
            CommitmentId = commitmentId,
            ReportingCycleId = cycleId ?? CycleId,
            Status = status,
            Health = ProgressHealth.AtRisk,
            Narrative = "Minder aanmeldingen dan verwacht.",
            SubmittedAt = status is ProgressUpdateStatus.Submitted or ProgressUpdateStatus.Approved or ProgressUpdateStatus.Returned
                ? _app.Time.GetUtcNow().UtcDateTime
                : null,
            ReturnComment = status == ProgressUpdateStatus.Returned ? "Licht de achterstand toe." : null,
            Values = indicators.Select(i => new IndicatorValue { IndicatorId = i.Id, Value = value ?? i.Baseline }).ToList(),
        };
        db.ProgressUpdates.Add(update);
        // An update of an earlier cycle is history from before that cycle was frozen: the data layer
        // takes nothing into a frozen cycle, so the cycle is opened for the write and frozen again.
        var target = cycleId ?? CycleId;
        var frozenAt = await db.ReportingCycles.Where(c => c.Id == target).Select(c => c.FrozenAt).SingleAsync();
        if (frozenAt != null)
        {
            await db.ReportingCycles.Where(c => c.Id == target).ExecuteUpdateAsync(s => s.SetProperty(c => c.FrozenAt, (DateTime?)null));
        }
        await db.SaveChangesAsync();
        if (frozenAt != null)
        {
            await db.ReportingCycles.Where(c => c.Id == target).ExecuteUpdateAsync(s => s.SetProperty(c => c.FrozenAt, frozenAt));
        }
        return update;
    }

    /// <summary>Moves the update of the open cycle to another state, as a step elsewhere would.</summary>
    public async Task UpdateStatusAsync(int commitmentId, ProgressUpdateStatus status)
    {
        await using var db = _app.CreateAdminDbContext();
        var update = await db.ProgressUpdates.SingleAsync(u => u.CommitmentId == commitmentId && u.ReportingCycleId == CycleId);
        update.Status = status;
        update.SubmittedAt ??= _app.Time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
    }

    public CommitmentsDbContext Admin() => _app.CreateAdminDbContext();
}

/// <summary>Posting the progress form as a browser does: multipart, with its hidden fields and anti-forgery token.</summary>
public static class ProgressForm
{
    public static string Url(int commitmentId) => $"/Progress/Update/{commitmentId}";

    /// <summary>
    /// Opens the form, takes its hidden fields (cycle, version, token) and posts them with the given
    /// fields and, optionally, a file. <paramref name="fileDisposition"/> replaces the part's
    /// Content-Disposition as a client could send it (odd file names).
    /// </summary>
    public static async Task<HttpResponseMessage> PostAsync(TestBrowser browser, int commitmentId,
        IEnumerable<(string Name, string Value)> fields, (string FileName, byte[] Content)? file = null, string? fileDisposition = null,
        string? handler = null)
    {
        var url = Url(commitmentId);
        var (_, page) = await browser.GetPageAsync(url);
        var form = page.QuerySelector("form[enctype='multipart/form-data']") as IHtmlFormElement
                   ?? throw new InvalidOperationException($"No progress form on {url}.");
        var hidden = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => (Name: i.GetAttribute("name")!, Value: i.GetAttribute("value") ?? ""))
            .ToList();
        var given = fields.ToList();
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in hidden.Where(h => given.All(g => g.Name != h.Name)).Concat(given))
        {
            content.Add(new StringContent(value), name);
        }
        if (file is { } f)
        {
            var part = new ByteArrayContent(f.Content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf"); // what a browser might claim
            if (fileDisposition != null)
            {
                part.Headers.TryAddWithoutValidation("Content-Disposition", fileDisposition);
                content.Add(part);
            }
            else
            {
                content.Add(part, "Form.EvidenceFile", f.FileName);
            }
        }
        return await browser.Client.PostAsync(handler == null ? url : $"{url}?handler={handler}", content);
    }

    /// <summary>A valid PDF as far as the first bytes go (what the type check reads), with some body.</summary>
    public static byte[] Pdf(string text = "Jaarverslag") =>
        System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Title ({text}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
}

using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Organizations;

/// <summary>
/// Creates an organisation (no id) or changes one: name, type, region and province, KvK number; and
/// deactivates or reactivates it. Deactivating keeps everything the organisation registered: its
/// commitments, their history and its accounts stay as they were; it is no longer offered for new
/// commitments or accounts. Every save writes a line to the history with what changed.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public partial class EditModel(CommitmentsDbContext db, TimeProvider time, ILogger<EditModel> logger) : PageModel
{
    public const int NameMaxLength = 200;

    public sealed class OrganizationForm
    {
        [Required(ErrorMessage = "Vul de naam van de organisatie in.")]
        [StringLength(NameMaxLength, ErrorMessage = "De naam mag hoogstens 200 tekens lang zijn.")]
        public string? Name { get; set; }

        public string? Type { get; set; }
        public string? RegionId { get; set; }
        public string? ProvinceId { get; set; }

        /// <summary>Eight digits, as text: 01234567 keeps its zero.</summary>
        public string? KvkNumber { get; set; }
    }

    [BindProperty]
    public OrganizationForm Form { get; set; } = new();

    public int? Id { get; private set; }

    /// <summary>The organisation as stored (heading, facts, activation buttons); null for a new one.</summary>
    public Organization? Stored { get; private set; }

    public int CommitmentCount { get; private set; }
    public int UserCount { get; private set; }
    public IReadOnlyList<Region> Regions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is { } existing)
        {
            if (!await LoadAsync(existing, ct))
            {
                return NotFound();
            }
            Form = new OrganizationForm
            {
                Name = Stored!.Name,
                Type = Stored.Type.ToString(),
                RegionId = Stored.RegionId.ToString(DutchLabels.Culture),
                ProvinceId = Stored.ProvinceId?.ToString(DutchLabels.Culture),
                KvkNumber = Stored.KvkNumber,
            };
        }
        await LoadRegionsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        if (id is { } existing && !await LoadAsync(existing, ct))
        {
            return NotFound();
        }
        await LoadRegionsAsync(ct);

        var type = AdminInput.Type(Form.Type);
        if (type == null)
        {
            ModelState.AddModelError("Form.Type", Messages.Text("Kies de soort organisatie."));
        }
        var region = AdminInput.TryId(Form.RegionId, out var regionId) ? Regions.FirstOrDefault(r => r.Id == regionId) : null;
        if (region == null)
        {
            ModelState.AddModelError("Form.RegionId", Messages.Text("Kies het landsdeel van de organisatie."));
        }
        Province? province = null;
        if (!AdminInput.TryId(Form.ProvinceId, out var provinceId))
        {
            ModelState.AddModelError("Form.ProvinceId", Messages.Text("Kies een provincie uit de lijst."));
        }
        else if (provinceId != null && region != null)
        {
            province = region.Provinces.FirstOrDefault(p => p.Id == provinceId);
            if (province == null)
            {
                ModelState.AddModelError("Form.ProvinceId",
                    Messages.Text("Kies een provincie van landsdeel {0}, of geen provincie.", region.Name));
            }
        }
        // A KvK number is a code, not prose: spaces around it (pasted from a letterhead) carry nothing.
        var kvk = string.IsNullOrWhiteSpace(Form.KvkNumber) ? null : Form.KvkNumber.Trim();
        if (kvk != null && !KvkFormat().IsMatch(kvk))
        {
            ModelState.AddModelError("Form.KvkNumber",
                Messages.Text("Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 01234567."));
        }
        else if (kvk != null && await KvkHolderAsync(kvk, id, ct) is { } holder)
        {
            ModelState.AddModelError("Form.KvkNumber", KvkTakenMessage(kvk, holder));
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var organization = Stored ?? new Organization { Name = Form.Name! };
        var isNew = Stored == null;
        var changes = new ChangeList()
            .Compare("Name", Stored?.Name, Form.Name)
            .Compare("Type", Stored?.Type.Label(), type!.Value.Label())
            .Compare("Region", Stored?.Region!.Name, region!.Name)
            .Compare("Province", Stored?.Province?.Name, province?.Name)
            .Compare("KvkNumber", Stored?.KvkNumber, kvk);
        organization.Name = Form.Name!;
        organization.Type = type.Value;
        organization.RegionId = region.Id;
        organization.Region = region;
        organization.ProvinceId = province?.Id;
        organization.Province = province;
        organization.KvkNumber = kvk;
        if (changes.Any)
        {
            try
            {
                await db.InTransactionAsync(async token =>
                {
                    if (isNew)
                    {
                        db.Organizations.Add(organization);
                    }
                    await db.SaveChangesAsync(token);
                    db.Audit(User, isNew ? AuditActions.OrganizationCreated : AuditActions.OrganizationChanged,
                        nameof(Organization), organization.Id, organization.Id, changes.ToJson());
                    await db.SaveChangesAsync(token);
                    return organization.Id;
                }, ct);
            }
            catch (DbUpdateException e)
            {
                // The unique index on the KvK number: another administrator registered it just now.
                if (kvk == null || await KvkHolderAsync(kvk, id, ct) is not { } holder)
                {
                    throw;
                }
                logger.LogInformation(e, "KvK number taken meanwhile by organisation {Holder}", holder.Id);
                ModelState.AddModelError("Form.KvkNumber", KvkTakenMessage(kvk, holder));
                return Page();
            }
        }
        TempData["Message"] = Messages.Text("{0} is opgeslagen.", organization.Name);
        return RedirectToPage("Edit", new { id = organization.Id });
    }

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, active: false, ct);

    public Task<IActionResult> OnPostReactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, active: true, ct);

    private async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (organization == null)
        {
            return NotFound();
        }
        if (organization.IsActive == active)
        {
            TempData["Message"] = active
                ? Messages.Text("Deze organisatie was al actief.")
                : Messages.Text("Deze organisatie was al gedeactiveerd.");
            return RedirectToPage("Edit", new { id });
        }
        var now = time.GetUtcNow().UtcDateTime;
        var changes = new ChangeList().Compare("DeactivatedAt",
            Moment(organization.DeactivatedAt), active ? null : Moment(now));
        organization.DeactivatedAt = active ? null : now;
        db.Audit(User, active ? AuditActions.OrganizationReactivated : AuditActions.OrganizationDeactivated,
            nameof(Organization), organization.Id, organization.Id, changes.ToJson());
        await db.SaveChangesAsync(ct);
        TempData["Message"] = active
            ? Messages.Text("{0} is weer actief.", organization.Name)
            : Messages.Text("{0} is gedeactiveerd; de toezeggingen en hun geschiedenis blijven bewaard.", organization.Name);
        return RedirectToPage("Edit", new { id });
    }

    private static string? Moment(DateTime? utc) =>
        utc is { } u ? AmsterdamTime.ToAmsterdam(u).ToString("dd-MM-yyyy HH:mm", DutchLabels.Culture) : null;

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        Stored = await db.Organizations.Include(o => o.Region).Include(o => o.Province).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (Stored == null)
        {
            return false;
        }
        Id = id;
        CommitmentCount = await db.Commitments.CountAsync(c => c.OrganizationId == id, ct);
        UserCount = await db.Users.CountAsync(u => u.OrganizationId == id, ct);
        return true;
    }

    private async Task LoadRegionsAsync(CancellationToken ct) =>
        Regions = await db.Regions.Include(r => r.Provinces).OrderBy(r => r.Name).ToListAsync(ct);

    private Task<Organization?> KvkHolderAsync(string kvk, int? id, CancellationToken ct) =>
        db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.KvkNumber == kvk && o.Id != (id ?? 0), ct);

    private static string KvkTakenMessage(string kvk, Organization holder) =>
        Messages.Text("KvK-nummer {0} is al in gebruik bij {1}.", kvk, holder.Name);

    /// <summary>Exactly eight ASCII digits (\d would also accept Arabic-Indic and other digits).</summary>
    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex KvkFormat();
}

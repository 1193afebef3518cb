using System.ComponentModel.DataAnnotations;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Email;
using Commitments.Web.Identity;
using Commitments.Web.Invitations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Invitations;

/// <summary>
/// An administrator invites anyone to any role; a partner invites colleagues into its own
/// organisation only (the role and organisation are then fixed, whatever the form posts).
/// </summary>
[Authorize(Policy = Policies.Invites)]
public class CreateModel(CommitmentsDbContext db, InvitationService invitations) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Vul het e-mailadres in.")]
    [EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in.")]
    [StringLength(320, ErrorMessage = "Een e-mailadres is hoogstens 320 tekens lang.")]
    public string Email { get; set; } = "";

    // Nullable: a partner's form has no role field (the role is fixed), and the framework would refuse
    // a missing non-nullable field with its English "field is required". Checked by hand below.
    [BindProperty]
    public string? Role { get; set; } = Roles.Partner;

    [BindProperty]
    public int? OrganizationId { get; set; }

    [BindProperty]
    public int? RegionId { get; set; }

    public bool IsAdministrator => db.Scope.Kind == DataScopeKind.Everything;
    public IReadOnlyList<(int Id, string Name)> Organizations { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Regions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadChoicesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!IsAdministrator)
        {
            Role = Roles.Partner;
            OrganizationId = db.Scope.OrganizationId;
            RegionId = null;
        }
        // The outbox accepts only deliverable addresses; say so here rather than fail on queueing.
        if (ModelState.GetFieldValidationState(nameof(Email)) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && !(MailAddresses.TryParse(Email, out var mailbox) && mailbox.Address == Email.Trim()))
        {
            ModelState.AddModelError(nameof(Email), Messages.Text("Vul een geldig e-mailadres in."));
        }
        if (Role == null || !Roles.All.Contains(Role))
        {
            ModelState.AddModelError(nameof(Role), Messages.Text("Kies een rol."));
        }
        if (Role == Roles.Partner && (OrganizationId == null || !await db.Organizations.AnyAsync(o => o.Id == OrganizationId, ct)))
        {
            ModelState.AddModelError(nameof(OrganizationId), Messages.Text("Kies de organisatie van de partner."));
        }
        if (Role == Roles.RegionalLead && (RegionId == null || !await db.Regions.AnyAsync(r => r.Id == RegionId, ct)))
        {
            ModelState.AddModelError(nameof(RegionId), Messages.Text("Kies het landsdeel van de landsdeeltrekker."));
        }
        if (!ModelState.IsValid)
        {
            await LoadChoicesAsync(ct);
            return Page();
        }
        // The same answer whether or not the address has an account (see InvitationService.InviteAsync).
        await invitations.InviteAsync(Email, Role!, OrganizationId, RegionId, User, ct);
        TempData["Message"] = Messages.Text("De uitnodiging is verstuurd naar {0}. Heeft dit adres al een account, dan krijgt het in plaats daarvan een e-mail om in te loggen.", Email.Trim());
        return RedirectToPage();
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        if (!IsAdministrator)
        {
            return;
        }
        Organizations = (await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name)).ToList();
        Regions = (await db.Regions.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            .Select(r => (r.Id, r.Name)).ToList();
    }
}

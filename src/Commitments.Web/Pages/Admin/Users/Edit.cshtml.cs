using System.Security.Claims;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Email;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Users;

/// <summary>
/// One account: its role with the organisation or region that goes with it, and deactivation. Every
/// change renews the account's security stamp: the person's open sessions end at their next check
/// (within the validation interval, ADR-0017), so that no cookie keeps the old role, organisation or
/// region; signing in again gives the new ones. Also: resetting the account's two-step verification
/// for someone who lost both phone and recovery codes.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class EditModel(
    CommitmentsDbContext db,
    UserManager<AppUser> users,
    TimeProvider time,
    IEmailOutbox outbox,
    PublicLinks links,
    ILogger<EditModel> logger) : PageModel
{
    /// <summary>The value of the confirmation button: only a post carrying it resets two-step verification.</summary>
    public const string ConfirmResetValue = "ja";

    public const int SearchResults = 50;

    public sealed class UserForm
    {
        public string? Role { get; set; }
        public string? OrganizationId { get; set; }
        public string? RegionId { get; set; }

        /// <summary>Part of an organisation's name, to find it among thousands without a script.</summary>
        public string? OrganizationSearch { get; set; }
    }

    [BindProperty]
    public UserForm Form { get; set; } = new();

    public AppUser Account { get; private set; } = null!;
    public string? CurrentRole { get; private set; }
    public string? CurrentOrganization { get; private set; }
    public string? CurrentRegion { get; private set; }
    public bool IsSelf { get; private set; }

    /// <summary>Two-step verification is on, or an authenticator key or recovery codes are stored.</summary>
    public bool HasTwoFactor { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    /// <summary>The answer to the first reset post: the page says what will happen and asks to confirm.</summary>
    public bool ConfirmingTwoFactorReset { get; private set; }

    /// <summary>Organisations offered in the list: the account's own, the one chosen, and the search results.</summary>
    public IReadOnlyList<(int Id, string Name, bool Active)> Organizations { get; private set; } = [];

    /// <summary>How many active organisations the search found (null: no search yet).</summary>
    public int? Found { get; private set; }

    public IReadOnlyList<(int Id, string Name)> Regions { get; private set; } = [];

    private string? SignedInUserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Form = new UserForm
        {
            Role = CurrentRole,
            OrganizationId = Account.OrganizationId?.ToString(DutchLabels.Culture),
            RegionId = Account.RegionId?.ToString(DutchLabels.Culture),
        };
        await LoadChoicesAsync(ct);
        return Page();
    }

    /// <summary>The search step of the organisation list: shows the form again, with what was typed, and the organisations found.</summary>
    public async Task<IActionResult> OnPostFindOrganizationAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        ModelState.Clear();
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var role = Roles.All.FirstOrDefault(r => r == Form.Role);
        if (role == null)
        {
            ModelState.AddModelError("Form.Role", Messages.Text("Kies een rol."));
        }
        else if (IsSelf && role != Roles.Administrator)
        {
            ModelState.AddModelError("Form.Role",
                Messages.Text("U kunt uw eigen rol als beheerder niet afnemen; laat een andere beheerder dat doen."));
        }

        Organization? organization = null;
        Region? region = null;
        if (role == Roles.Partner)
        {
            organization = AdminInput.TryId(Form.OrganizationId, out var organizationId) && organizationId is { } o
                ? await db.Organizations.FirstOrDefaultAsync(x => x.Id == o, ct)
                : null;
            if (organization == null)
            {
                ModelState.AddModelError("Form.OrganizationId", Messages.Text("Een partner hoort bij een organisatie: kies de organisatie."));
            }
            else if (!organization.IsActive && organization.Id != Account.OrganizationId)
            {
                ModelState.AddModelError("Form.OrganizationId",
                    Messages.Text("{0} is gedeactiveerd en krijgt geen nieuwe accounts.", organization.Name));
            }
        }
        if (role == Roles.RegionalLead)
        {
            region = AdminInput.TryId(Form.RegionId, out var regionId) && regionId is { } r
                ? await db.Regions.FirstOrDefaultAsync(x => x.Id == r, ct)
                : null;
            if (region == null)
            {
                ModelState.AddModelError("Form.RegionId", Messages.Text("Een landsdeeltrekker hoort bij een landsdeel: kies het landsdeel."));
            }
        }
        if (!ModelState.IsValid)
        {
            await LoadChoicesAsync(ct);
            return Page();
        }

        // A partner has an organisation and no region, a lead a region and no organisation; ministries
        // and administrators neither: the anchor of the old role must not linger and widen the scope.
        var changes = new ChangeList()
            .Compare("Role", AdminInput.RoleLabel(CurrentRole), AdminInput.RoleLabel(role))
            .Compare("Organization", CurrentOrganization, organization?.Name)
            .Compare("Region", CurrentRegion, region?.Name);
        if (!changes.Any)
        {
            TempData["Message"] = Messages.Text("Er was niets gewijzigd.");
            return RedirectToPage("Edit", new { id });
        }
        var before = Account.OrganizationId;
        Account.OrganizationId = organization?.Id;
        Account.RegionId = region?.Id;
        var saved = await SaveAsync(AuditActions.UserChanged, changes, async () =>
        {
            var current = await users.GetRolesAsync(Account);
            var remove = current.Where(r => r != role).ToList();
            if (remove.Count > 0)
            {
                Check(await users.RemoveFromRolesAsync(Account, remove));
            }
            if (!current.Contains(role!))
            {
                Check(await users.AddToRoleAsync(Account, role!));
            }
        }, before, ct);
        if (!saved)
        {
            await LoadChoicesAsync(ct);
            return Page();
        }
        logger.LogInformation("Account {UserId} changed by {AdministratorId}: role {Role}", Account.Id, SignedInUserId, role);
        TempData["Message"] = Messages.Text("Het account is gewijzigd. Open sessies van deze gebruiker eindigen binnen enkele minuten; na opnieuw inloggen gelden de nieuwe rechten.");
        return RedirectToPage("Edit", new { id });
    }

    public async Task<IActionResult> OnPostDeactivateAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (IsSelf)
        {
            ModelState.AddModelError(string.Empty,
                Messages.Text("U kunt uw eigen account niet deactiveren; laat een andere beheerder dat doen."));
            await LoadFormAsync(ct);
            return Page();
        }
        if (Account.DeactivatedAt != null)
        {
            TempData["Message"] = Messages.Text("Dit account was al gedeactiveerd.");
            return RedirectToPage("Edit", new { id });
        }
        var now = time.GetUtcNow().UtcDateTime;
        var changes = new ChangeList().Compare("DeactivatedAt", null, AmsterdamTime.ToAmsterdam(now).ToString("dd-MM-yyyy HH:mm", DutchLabels.Culture));
        Account.DeactivatedAt = now;
        var saved = await SaveAsync(AuditActions.UserDeactivated, changes, async () =>
        {
            // Locked out for good: the account can no longer sign in; the new security stamp ends the
            // sessions it has open. What the person did stays in the history under their id.
            if (!await users.GetLockoutEnabledAsync(Account))
            {
                Check(await users.SetLockoutEnabledAsync(Account, true));
            }
            Check(await users.SetLockoutEndDateAsync(Account, DateTimeOffset.MaxValue));
        }, Account.OrganizationId, ct);
        if (!saved)
        {
            await LoadFormAsync(ct);
            return Page();
        }
        logger.LogInformation("Account {UserId} deactivated by {AdministratorId}", Account.Id, SignedInUserId);
        TempData["Message"] = Messages.Text("Het account is gedeactiveerd; de gebruiker kan niet meer inloggen.");
        return RedirectToPage("Edit", new { id });
    }

    public async Task<IActionResult> OnPostReactivateAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Account.DeactivatedAt == null)
        {
            TempData["Message"] = Messages.Text("Dit account was al actief.");
            return RedirectToPage("Edit", new { id });
        }
        var changes = new ChangeList().Compare("DeactivatedAt",
            AmsterdamTime.ToAmsterdam(Account.DeactivatedAt.Value).ToString("dd-MM-yyyy HH:mm", DutchLabels.Culture), null);
        Account.DeactivatedAt = null;
        var saved = await SaveAsync(AuditActions.UserReactivated, changes, async () =>
        {
            Check(await users.SetLockoutEndDateAsync(Account, null));
            Check(await users.ResetAccessFailedCountAsync(Account));
        }, Account.OrganizationId, ct);
        if (!saved)
        {
            await LoadFormAsync(ct);
            return Page();
        }
        logger.LogInformation("Account {UserId} reactivated by {AdministratorId}", Account.Id, SignedInUserId);
        TempData["Message"] = Messages.Text("Het account is weer actief.");
        return RedirectToPage("Edit", new { id });
    }

    /// <summary>
    /// Resets the account's two-step verification, for someone who lost both phone and recovery codes:
    /// the authenticator key, the recovery codes and the last used code's time step go, two-step
    /// verification is off and the security stamp renewed (open sessions end at their next check). The
    /// person is told by e-mail, in their language. A ministry or administrator account is sent to set
    /// it up again at its next sign-in (AccountGate). The first post only asks to confirm; a repeated
    /// confirmation finds nothing left to reset and changes nothing.
    /// </summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(string id, string? confirm, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (IsSelf)
        {
            ModelState.AddModelError(string.Empty,
                Messages.Text("U kunt uw eigen tweestapsverificatie niet herstellen; laat een andere beheerder dat doen."));
            await LoadFormAsync(ct);
            return Page();
        }
        if (!HasTwoFactor)
        {
            TempData["Message"] = Messages.Text("Dit account heeft geen tweestapsverificatie; er is niets hersteld.");
            return RedirectToPage("Edit", new { id });
        }
        if (confirm != ConfirmResetValue)
        {
            ConfirmingTwoFactorReset = true;
            await LoadFormAsync(ct);
            return Page();
        }
        var administrator = await users.GetUserAsync(User);
        var saved = await SaveAsync(AuditActions.TwoFactorReset, new ChangeList(), async () =>
        {
            Check(await users.SetTwoFactorEnabledAsync(Account, false));
            Check(await users.RemoveAuthenticationTokenAsync(Account, CommitmentsUserStore.InternalLoginProvider, CommitmentsUserStore.AuthenticatorKeyToken));
            Check(await users.RemoveAuthenticationTokenAsync(Account, CommitmentsUserStore.InternalLoginProvider, CommitmentsUserStore.RecoveryCodesToken));
            Check(await users.RemoveAuthenticationTokenAsync(Account, ReplayGuardedAuthenticatorTokenProvider.LoginProvider,
                ReplayGuardedAuthenticatorTokenProvider.LastTimeStepToken));
            if (!string.IsNullOrEmpty(Account.Email))
            {
                // In the language the person chose, not this administrator's.
                var (subject, body) = MailTemplates.Render("two-factor-reset", Account.Culture, new Dictionary<string, string>
                {
                    ["name"] = Account.DisplayName ?? Account.Email,
                    ["administrator"] = administrator?.DisplayName ?? administrator?.Email ?? User.Identity?.Name ?? "",
                    ["administratorEmail"] = administrator?.Email ?? User.Identity?.Name ?? "",
                    ["link"] = links.Page("/Account/Login"),
                });
                outbox.Enqueue(Account.Email, subject, body);
            }
        }, Account.OrganizationId, ct);
        if (!saved)
        {
            await LoadFormAsync(ct);
            return Page();
        }
        logger.LogInformation("Two-step verification of account {UserId} reset by {AdministratorId}", Account.Id, SignedInUserId);
        TempData["Message"] = Messages.Text("Tweestapsverificatie is hersteld: de gebruiker logt in met alleen het wachtwoord en heeft daarover een e-mail gekregen. Open sessies van deze gebruiker eindigen binnen enkele minuten.");
        return RedirectToPage("Edit", new { id });
    }

    /// <summary>
    /// Identity's steps, a new security stamp and the history line in one transaction: a failure
    /// half-way must not leave an account with a role removed and none added. False when someone else
    /// changed the account meanwhile (the form then says so).
    /// </summary>
    private async Task<bool> SaveAsync(string action, ChangeList changes, Func<Task> identitySteps, int? organizationBefore, CancellationToken ct)
    {
        try
        {
            await db.InTransactionAsync(async token =>
            {
                await identitySteps();
                Check(await users.UpdateSecurityStampAsync(Account)); // also saves the account's own columns
                db.Audit(User, action, nameof(AppUser), Account.Id, Account.OrganizationId ?? organizationBefore, changes.Any ? changes.ToJson() : null);
                await db.SaveChangesAsync(token);
                return true;
            }, ct);
            return true;
        }
        catch (IdentityStepFailedException e)
        {
            logger.LogWarning("Change of account {UserId} refused by Identity: {Errors}", Account.Id, e.Message);
            ModelState.AddModelError(string.Empty,
                Messages.Text("Het account is intussen door iemand anders gewijzigd; er is niets opgeslagen. Open het account opnieuw."));
            return false;
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new IdentityStepFailedException(string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }

    private sealed class IdentityStepFailedException(string message) : Exception(message);

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var account = await users.FindByIdAsync(id);
        if (account == null)
        {
            return false;
        }
        Account = account;
        IsSelf = account.Id == SignedInUserId;
        CurrentRole = (await users.GetRolesAsync(account)).Order(StringComparer.Ordinal).FirstOrDefault();
        CurrentOrganization = account.OrganizationId is { } o
            ? await db.Organizations.Where(x => x.Id == o).Select(x => x.Name).FirstOrDefaultAsync(ct)
            : null;
        CurrentRegion = account.RegionId is { } r
            ? await db.Regions.Where(x => x.Id == r).Select(x => x.Name).FirstOrDefaultAsync(ct)
            : null;
        // One read for both tokens of two-step verification (the key and the recovery codes).
        var tokens = await db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == account.Id && t.LoginProvider == CommitmentsUserStore.InternalLoginProvider
                        && (t.Name == CommitmentsUserStore.AuthenticatorKeyToken || t.Name == CommitmentsUserStore.RecoveryCodesToken))
            .Select(t => new { t.Name, t.Value })
            .ToListAsync(ct);
        RecoveryCodesLeft = RecoveryCodeHashes.Split(tokens.FirstOrDefault(t => t.Name == CommitmentsUserStore.RecoveryCodesToken)?.Value).Count;
        HasTwoFactor = account.TwoFactorEnabled || tokens.Any(t => !string.IsNullOrEmpty(t.Value));
        return true;
    }

    /// <summary>After a refused step the form shows the account as it is.</summary>
    private async Task LoadFormAsync(CancellationToken ct)
    {
        Form = new UserForm
        {
            Role = CurrentRole,
            OrganizationId = Account.OrganizationId?.ToString(DutchLabels.Culture),
            RegionId = Account.RegionId?.ToString(DutchLabels.Culture),
        };
        await LoadChoicesAsync(ct);
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        Regions = (await db.Regions.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            .Select(r => (r.Id, r.Name)).ToList();

        var shown = new List<int>();
        if (Account.OrganizationId is { } own)
        {
            shown.Add(own);
        }
        if (AdminInput.TryId(Form.OrganizationId, out var chosen) && chosen is { } c)
        {
            shown.Add(c);
        }
        var query = db.Organizations.AsNoTracking().Where(o => shown.Contains(o.Id));
        if (!string.IsNullOrWhiteSpace(Form.OrganizationSearch))
        {
            var term = Form.OrganizationSearch.Trim();
            var upper = term.ToUpperInvariant();
            var matches = db.Organizations.AsNoTracking()
                .Where(o => o.DeactivatedAt == null && (o.Name.Contains(term) || o.Name.ToUpper().Contains(upper)));
            Found = await matches.CountAsync(ct);
            var firstMatches = matches.OrderBy(o => o.Name).ThenBy(o => o.Id).Take(SearchResults).Select(o => o.Id);
            query = db.Organizations.AsNoTracking().Where(o => shown.Contains(o.Id) || firstMatches.Contains(o.Id));
        }
        Organizations = (await query.OrderBy(o => o.Name).ThenBy(o => o.Id).Select(o => new { o.Id, o.Name, o.DeactivatedAt }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name, o.DeactivatedAt == null)).ToList();
    }
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Email;
using Commitments.Web.Identity;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Invitations;

/// <summary>
/// Accounts arrive only by invitation. The token travels in the e-mail; the database keeps only
/// its SHA-256, so a database copy cannot be used to take over an invitation.
/// </summary>
public sealed class InvitationService(
    CommitmentsDbContext db,
    IEmailOutbox outbox,
    UserManager<AppUser> userManager,
    DataScopeAccessor scope,
    PublicLinks links,
    TimeProvider time)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(14);

    /// <summary>
    /// Invites an address and queues its e-mail in one save. The inviter sees the same answer whether
    /// or not the address already has an account (a partner must not learn who has one, in any
    /// organisation); the mailbox owner learns it instead: an address with an account gets no
    /// invitation but a message with links to sign in and to reset the password.
    /// </summary>
    public async Task InviteAsync(string email, string role, int? organizationId, int? regionId,
        ClaimsPrincipal invitedBy, CancellationToken ct)
    {
        var address = email.Trim();
        var where = role switch
        {
            Roles.Partner => await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).FirstOrDefaultAsync(ct),
            Roles.RegionalLead => "landsdeel " + await db.Regions.Where(r => r.Id == regionId).Select(r => r.Name).FirstOrDefaultAsync(ct),
            Roles.Ministry => "een ministerie",
            _ => "het secretariaat",
        };
        if (await userManager.FindByEmailAsync(address) == null)
        {
            var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
            var now = time.GetUtcNow().UtcDateTime;
            db.Invitations.Add(new Invitation
            {
                Email = address,
                Role = role,
                OrganizationId = role == Roles.Partner ? organizationId : null,
                RegionId = role == Roles.RegionalLead ? regionId : null,
                TokenHash = Hash(token),
                InvitedByUserId = invitedBy.FindFirstValue(ClaimTypes.NameIdentifier)!,
                CreatedAt = now,
                ExpiresAt = now + ValidFor,
            });
            outbox.Enqueue(address, "Uitnodiging voor de Techniekpact-toezeggingen",
                $"""
                U bent uitgenodigd om namens {where} te werken in de registratie van Techniekpact-toezeggingen.

                Maak uw account aan via deze link (14 dagen geldig):
                {links.Page("/Account/AcceptInvitation", new { token })}

                (You have been invited to the Techniekpact commitment tracker. Create your account with the link above; it is valid for 14 days.)
                """);
        }
        else
        {
            outbox.Enqueue(address, "Uitnodiging voor de Techniekpact-toezeggingen",
                $"""
                U bent uitgenodigd om namens {where} te werken in de registratie van Techniekpact-toezeggingen.
                Voor dit e-mailadres bestaat al een account: u hoeft geen nieuw account aan te maken.

                Inloggen: {links.Page("/Account/Login")}
                Wachtwoord vergeten: {links.Page("/Account/ForgotPassword")}

                Hoort uw account bij een andere organisatie of rol dan u nodig heeft? Neem dan contact op met het secretariaat.

                (You have been invited to the Techniekpact commitment tracker, but this address already has an account: sign in, or reset your password, with the links above.)
                """);
        }
        // Recorded alike in both cases: the inviter's organisation may read its history.
        db.Audit(invitedBy, SecurityEvents.InvitationSent, nameof(Invitation), null,
            role == Roles.Partner ? organizationId : null, $"{role}: {address}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The open invitation for this token, or null when unknown, used or expired.</summary>
    public async Task<Invitation?> FindOpenAsync(string token, CancellationToken ct)
    {
        // The person accepting is not signed in yet; the token itself is the authorisation, for this
        // lookup only: the rest of the request keeps its own (empty) scope.
        using var widened = scope.Widen(DataScope.Everything("invitation lookup by token"));
        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Invitations.Include(i => i.Organization)
            .FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.ExpiresAt > now, ct);
    }

    /// <summary>
    /// Creates the account for an open invitation and marks the invitation used, in one transaction:
    /// Identity saves the user and its role separately, and a failure in between must not leave an
    /// account without a role or an invitation that can no longer be accepted.
    /// </summary>
    public async Task<IdentityResult> AcceptAsync(Invitation invitation, string displayName, string password, CancellationToken ct)
    {
        // Creating the account, its role and using the invitation is an administrator's write, done
        // here on the strength of the token; the wider scope ends with this method.
        using var widened = scope.Widen(DataScope.Everything("invitation acceptance by token"));
        return await db.InTransactionAsync(async token =>
        {
            var user = new AppUser
            {
                UserName = invitation.Email,
                Email = invitation.Email,
                EmailConfirmed = true,
                DisplayName = displayName,
                OrganizationId = invitation.OrganizationId,
                RegionId = invitation.RegionId,
            };
            var created = await userManager.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return created; // refused by validation (password rules): nothing was written
            }
            var role = await userManager.AddToRoleAsync(user, invitation.Role);
            if (!role.Succeeded)
            {
                throw new InvalidOperationException($"Role {invitation.Role} could not be given: {string.Join("; ", role.Errors.Select(e => e.Description))}");
            }
            invitation.AcceptedAt = time.GetUtcNow().UtcDateTime;
            db.Audit(SecurityEvents.InvitationAccepted, nameof(Invitation), invitation.Id, invitation.OrganizationId, user.Id, user.Email);
            await db.SaveChangesAsync(token);
            return IdentityResult.Success;
        }, ct);
    }

    private static string Hash(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();
}

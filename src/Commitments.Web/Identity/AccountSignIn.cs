using System.Security.Cryptography;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Microsoft.AspNetCore.Identity;

namespace Commitments.Web.Identity;

/// <summary>The outcome of a sign-in as the form may tell it: succeeded, or not (never why).</summary>
public enum SignInOutcome
{
    Succeeded,
    Failed,

    /// <summary>The password was right; the second step (an authenticator code) follows.</summary>
    RequiresTwoFactor,
}

/// <summary>
/// Sign-in with a password that reveals nothing about which accounts exist: an unknown address, a
/// wrong password and a locked account get the same answer after the same work. Identity itself
/// returns at once for an unknown or locked account, without computing a password hash; here the hash
/// is computed anyway, and every attempt writes its audit line in one transaction with Identity's own
/// changes (the failure counter), so each answer costs one hash and one commit.
/// </summary>
public sealed class AccountSignIn(
    UserManager<AppUser> users,
    SignInManager<AppUser> signInManager,
    CommitmentsDbContext db,
    ILogger<AccountSignIn> logger)
{
    private static string? _referenceHash;

    public Task<SignInOutcome> PasswordSignInAsync(string email, string password, CancellationToken ct) =>
        db.InTransactionAsync(async _ =>
        {
            var user = await users.FindByEmailAsync(email.Trim());
            if (user == null)
            {
                SpendPasswordCheck(password);
                db.AuditUnknownAccount(SecurityEvents.SignInFailed);
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Sign-in failed for an unknown account.");
                return SignInOutcome.Failed;
            }

            var wasLockedOut = await users.IsLockedOutAsync(user);
            var result = await signInManager.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
            if (wasLockedOut)
            {
                SpendPasswordCheck(password); // Identity does not look at the password of a locked account
            }
            if (result.RequiresTwoFactor)
            {
                // The sign-in is recorded after the second step (LoginWith2fa).
                logger.LogInformation("User {UserId} gave the right password; the second step follows.", user.Id);
            }
            else if (result.Succeeded)
            {
                db.AuditAccount(SecurityEvents.SignedIn, user);
                logger.LogInformation("User {UserId} signed in.", user.Id);
            }
            else if (result.IsLockedOut && !wasLockedOut)
            {
                db.AuditAccount(SecurityEvents.SignInFailed, user, "wachtwoord onjuist");
                db.AuditAccount(SecurityEvents.LockedOut, user, $"tot {user.LockoutEnd:yyyy-MM-dd HH:mm} UTC");
                logger.LogWarning("User {UserId} is locked out after repeated failed sign-ins.", user.Id);
            }
            else
            {
                db.AuditAccount(SecurityEvents.SignInFailed, user, wasLockedOut ? "account geblokkeerd" : "wachtwoord onjuist");
                logger.LogInformation("Sign-in failed for user {UserId}.", user.Id);
            }
            await db.SaveChangesAsync(ct);
            return result.Succeeded ? SignInOutcome.Succeeded
                : result.RequiresTwoFactor ? SignInOutcome.RequiresTwoFactor
                : SignInOutcome.Failed;
        }, ct);

    /// <summary>
    /// Verifies the password against a hash made by this application's own hasher (same algorithm
    /// and work factor as real accounts), for attempts where Identity would not compute one.
    /// </summary>
    private void SpendPasswordCheck(string password)
    {
        var reference = new AppUser();
        _referenceHash ??= users.PasswordHasher.HashPassword(reference, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        users.PasswordHasher.VerifyHashedPassword(reference, _referenceHash, password);
    }
}

using System.Globalization;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Email;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Lifecycle;

/// <summary>
/// Tells the right people about a step in a commitment's life, through the outbox (so the mail goes
/// out with the change, or not at all): a submission goes to the region's lead(s), a decision to the
/// lead partner's users, being named co-partner to the co-partner's users. Each mail is in the
/// recipient's own language (<see cref="Core.Identity.AppUser.Culture"/>) and links to the page.
/// The caller saves.
/// </summary>
public sealed class LifecycleNotifications(CommitmentsDbContext db, IEmailOutbox outbox, PublicLinks links)
{
    public async Task SubmittedAsync(Commitment c, string organizationName, int regionId, CancellationToken ct)
    {
        // Regional leads are the accounts anchored to a region (partners are anchored to an organisation).
        var leads = await db.Users.AsNoTracking()
            .Where(u => u.RegionId == regionId && u.OrganizationId == null && u.DeactivatedAt == null && u.Email != null)
            .Select(u => new Recipient(u.Email!, u.Culture))
            .ToListAsync(ct);
        Send(leads, "commitment-submitted", c, new() { ["organization"] = organizationName });
    }

    public async Task DecidedAsync(Commitment c, ReviewDecision decision, string? comment, CancellationToken ct)
    {
        var users = await UsersOfAsync(c.OrganizationId, ct);
        Send(users, decision == ReviewDecision.Approved ? "commitment-approved" : "commitment-returned", c,
            new() { ["comment"] = comment ?? "" });
    }

    /// <summary>Mails the users of organisations that were just named co-partner.</summary>
    public async Task CoPartnersNamedAsync(Commitment c, string leadOrganizationName, IEnumerable<CommitmentCoPartner> named, CancellationToken ct)
    {
        foreach (var partner in named)
        {
            var users = await UsersOfAsync(partner.OrganizationId, ct);
            Send(users, "copartner-named", c, new()
            {
                ["organization"] = leadOrganizationName,
            }, share: partner.SharePercent);
        }
    }

    private Task<List<Recipient>> UsersOfAsync(int organizationId, CancellationToken ct) =>
        db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && u.DeactivatedAt == null && u.Email != null)
            .Select(u => new Recipient(u.Email!, u.Culture))
            .ToListAsync(ct);

    /// <param name="share">A co-partner's share, written in each recipient's language (40%, 33,33% or 33.33%).</param>
    private void Send(IEnumerable<Recipient> recipients, string template, Commitment c, Dictionary<string, string> values, decimal? share = null)
    {
        values["title"] = c.Title;
        values["revision"] = c.Revision.ToString(CultureInfo.InvariantCulture);
        values["link"] = links.To($"/Commitments/Details/{c.Id}");
        foreach (var recipient in recipients.DistinctBy(r => r.Email.ToUpperInvariant()))
        {
            if (share is { } s)
            {
                values["share"] = s.Percent(UiFormat.For(recipient.Culture));
            }
            var (subject, body) = MailTemplates.Render(template, recipient.Culture, values);
            outbox.Enqueue(recipient.Email, subject, body);
        }
    }

    private sealed record Recipient(string Email, string Culture);
}

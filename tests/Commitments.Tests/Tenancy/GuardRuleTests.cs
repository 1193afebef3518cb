using System.Data.Common;
using System.Security.Claims;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Commitments.Tests.Tenancy;

/// <summary>
/// The rules of the tenancy guard beyond "not another organisation's row": owners keep working with
/// attached rows, every foreign key of a row is checked, only leads review, only administrators change
/// organisations and users' access, the guard reads each table once per save, and a user whose role
/// lacks its anchor sees and writes nothing.
/// </summary>
public sealed class GuardRuleTests(TenancyWorld world) : IClassFixture<TenancyWorld>
{
    private DataScope Drenthe => DataScope.ForOrganization(world.Drenthe.OrganizationId, "partner Drenthe");
    private DataScope Limburg => DataScope.ForOrganization(world.Limburg.OrganizationId, "partner Limburg");
    private DataScope NoordLead => DataScope.ForRegion(world.NoordRegion, "lead Noord");
    private DataScope ZuidLead => DataScope.ForRegion(world.ZuidRegion, "lead Zuid");

    [Fact]
    public async Task The_owner_may_change_and_remove_its_own_rows_posted_back_by_id()
    {
        await using (var db = world.Context(Drenthe))
        {
            db.Update(new Indicator { Id = world.Drenthe.IndicatorId, CommitmentId = world.Drenthe.CommitmentId, Name = "stageplaatsen, herzien", Unit = "aantal", Target = 150 });
            await db.SaveChangesAsync();
        }
        await using (var admin = world.Admin())
        {
            var indicator = await admin.Indicators.SingleAsync(i => i.Id == world.Drenthe.IndicatorId);
            Assert.Equal("stageplaatsen, herzien", indicator.Name);
            Assert.Equal(150, indicator.Target);
        }
    }

    [Fact]
    public async Task A_row_cannot_be_moved_from_its_own_commitment_to_another_organisations()
    {
        await using (var db = world.Context(Limburg))
        {
            // Limburg's own indicator, re-pointed at Drenthe's commitment.
            db.Update(new Indicator { Id = world.Limburg.IndicatorId, CommitmentId = world.Drenthe.CommitmentId, Name = "x", Unit = "x" });
            await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
        }
        await using var admin = world.Admin();
        Assert.Equal(world.Limburg.CommitmentId, (await admin.Indicators.SingleAsync(i => i.Id == world.Limburg.IndicatorId)).CommitmentId);
    }

    [Fact]
    public async Task Every_foreign_key_of_a_row_is_checked_not_only_the_first()
    {
        await using (var db = world.Context(Limburg))
        {
            // Its own progress update, but the value of Drenthe's indicator.
            db.IndicatorValues.Add(new IndicatorValue { ProgressUpdateId = world.Limburg.ProgressUpdateId, IndicatorId = world.Drenthe.IndicatorId, Value = 1 });
            var refused = await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
            Assert.Contains("IndicatorValues", refused.Message);
        }
        await using (var db = world.Context(ZuidLead))
        {
            // A review of a Zuid commitment that points at a Noord progress update.
            db.Reviews.Add(new Review { CommitmentId = world.Limburg.CommitmentId, ProgressUpdateId = world.Drenthe.ProgressUpdateId, ReviewerUserId = world.ReviewerId });
            await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
        }
        await using var admin = world.Admin();
        Assert.Equal(0, await admin.IndicatorValues.CountAsync(v => v.ProgressUpdateId == world.Limburg.ProgressUpdateId && v.IndicatorId == world.Drenthe.IndicatorId));
        Assert.Equal(0, await admin.Reviews.CountAsync(r => r.CommitmentId == world.Limburg.CommitmentId && r.ProgressUpdateId == world.Drenthe.ProgressUpdateId));
    }

    [Fact]
    public async Task A_partner_never_writes_a_review_not_even_of_its_own_commitment_but_its_lead_does()
    {
        await using (var db = world.Context(Drenthe))
        {
            db.Reviews.Add(new Review { CommitmentId = world.Drenthe.CommitmentId, ReviewerUserId = world.ReviewerId, Decision = ReviewDecision.Approved });
            var refused = await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
            Assert.Contains("only a regional lead reviews", refused.Message);
        }
        await using (var db = world.Context(NoordLead))
        {
            db.Reviews.Add(new Review { CommitmentId = world.Drenthe.CommitmentId, ReviewerUserId = world.ReviewerId, Decision = ReviewDecision.Returned, Comment = "Doel ontbreekt" });
            await db.SaveChangesAsync();
        }
        await using var admin = world.Admin();
        Assert.Equal(1, await admin.Reviews.CountAsync(r => r.Comment == "Doel ontbreekt"));
        Assert.Equal(0, await admin.Reviews.CountAsync(r => r.CommitmentId == world.Drenthe.CommitmentId && r.Decision == ReviewDecision.Approved && r.ProgressUpdateId == null));
    }

    [Fact]
    public async Task Only_an_administrator_changes_an_organisation_or_moves_it_to_another_region()
    {
        await using (var db = world.Context(Drenthe))
        {
            var own = await db.Organizations.SingleAsync(o => o.Id == world.Drenthe.OrganizationId);
            own.Name = "Provincie Drenthe (hernoemd)";
            await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
        }
        await using (var db = world.Context(NoordLead))
        {
            // Forged: the lead attaches its region's organisation and moves it to Zuid.
            db.Update(new Organization { Id = world.Drenthe.OrganizationId, Name = "Provincie Drenthe", RegionId = world.ZuidRegion });
            var refused = await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
            Assert.Contains("Organizations", refused.Message);
        }
        await using var admin = world.Admin();
        var stored = await admin.Organizations.SingleAsync(o => o.Id == world.Drenthe.OrganizationId);
        Assert.Equal(("Provincie Drenthe", world.NoordRegion), (stored.Name, stored.RegionId));
    }

    [Fact]
    public async Task A_users_organisation_region_roles_and_claims_are_changed_by_an_administrator_only()
    {
        string userId;
        await using (var admin = world.Admin())
        {
            var user = new AppUser { UserName = "collega@drenthe.test", Email = "collega@drenthe.test", OrganizationId = world.Drenthe.OrganizationId };
            admin.Users.Add(user);
            await admin.SaveChangesAsync();
            userId = user.Id;
        }

        await using (var db = world.Context(Drenthe))
        {
            // Identity saves a user with Update(): every column marked changed, "original" = current.
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
            user.OrganizationId = world.Limburg.OrganizationId;
            db.Update(user);
            await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
        }
        await using (var db = world.Context(Drenthe))
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
            user.RegionId = world.NoordRegion;
            db.Update(user);
            await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
        }
        await using (var db = world.Context(Drenthe))
        {
            var role = new IdentityRole(Roles.Administrator) { NormalizedName = "ADMINISTRATOR-TEST" };
            db.Roles.Add(role);
            await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
        }
        await using (var db = world.Context(Drenthe))
        {
            db.UserClaims.Add(new IdentityUserClaim<string> { UserId = userId, ClaimType = ScopeClaimTypes.RegionId, ClaimValue = world.NoordRegion.ToString() });
            await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
        }
        await using (var db = world.Context(DataScope.None))
        {
            // What Identity does on behalf of the user (language, counters) still works, without a scope.
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
            user.Culture = "en-GB";
            user.AccessFailedCount = 1;
            db.Update(user);
            await db.SaveChangesAsync();
        }

        await using var check = world.Admin();
        var saved = await check.Users.SingleAsync(u => u.Id == userId);
        Assert.Equal((world.Drenthe.OrganizationId, (int?)null, "en-GB"), (saved.OrganizationId!.Value, saved.RegionId, saved.Culture));
        Assert.Equal(0, await check.UserClaims.CountAsync(c => c.UserId == userId));
    }

    [Fact]
    public async Task An_audit_line_cannot_be_written_into_another_organisations_history()
    {
        await using (var db = world.Context(Limburg))
        {
            db.Audit("commitment.approved", nameof(Commitment), world.Drenthe.CommitmentId, world.Drenthe.OrganizationId, null, "aanvaller");
            await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
        }
        await using (var db = world.Context(Limburg))
        {
            db.Audit("report.downloaded", "AnnualReport", null, world.Limburg.OrganizationId, null, "Limburg");
            await db.SaveChangesAsync();
        }
        await using var admin = world.Admin();
        Assert.Equal(0, await admin.AuditEntries.CountAsync(a => a.UserName == "aanvaller"));
    }

    [Fact]
    public async Task The_guard_reads_each_table_at_most_once_per_save()
    {
        var counter = new SelectCounter();
        var options = new DbContextOptionsBuilder<CommitmentsDbContext>(world.Options()).AddInterceptors(counter).Options;
        await using var db = new CommitmentsDbContext(options, new ExplicitDataScopeAccessor(NoordLead), TimeProvider.System);
        // Changes in three tables that all lead to commitments of the region: posted ids, not loaded rows.
        db.Update(new Indicator { Id = world.Drenthe.IndicatorId, CommitmentId = world.Drenthe.CommitmentId, Name = "stageplaatsen", Unit = "aantal", Target = 120 });
        db.Update(new Indicator { Id = world.Groningen.IndicatorId, CommitmentId = world.Groningen.CommitmentId, Name = "stageplaatsen", Unit = "aantal", Target = 120 });
        db.Update(new IndicatorValue { ProgressUpdateId = world.Drenthe.ProgressUpdateId, IndicatorId = world.Drenthe.IndicatorId, Value = 41 });
        db.Reviews.Add(new Review { CommitmentId = world.Groningen.CommitmentId, ProgressUpdateId = world.Groningen.ProgressUpdateId, ReviewerUserId = world.ReviewerId, Decision = ReviewDecision.Approved });
        await db.SaveChangesAsync();

        // Indicators (stored owners), ProgressUpdates, Commitments, and the organisations' regions; then
        // the frozen-cycle check, one query from the cycles.
        Assert.Equal(["Commitments", "Indicators", "Organizations", "ProgressUpdates", "ReportingCycles"], counter.Tables.Order());
    }

    [Theory]
    [InlineData(Roles.RegionalLead, null)]
    [InlineData(Roles.Partner, null)]
    [InlineData(Roles.Partner, ScopeClaimTypes.RegionId)]
    [InlineData(Roles.RegionalLead, ScopeClaimTypes.OrganizationId)]
    [InlineData("Onbekend", ScopeClaimTypes.OrganizationId)]
    public async Task A_signed_in_user_whose_role_lacks_its_anchor_sees_and_writes_nothing(string role, string? wrongClaim)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, "zonder-anker@test"), new(ClaimTypes.Role, role) };
        if (wrongClaim != null)
        {
            claims.Add(new Claim(wrongClaim, world.NoordRegion.ToString()));
        }
        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
        var scope = DataScopeAccessor.FromUser(user);
        Assert.Equal(DataScopeKind.None, scope.Kind);

        await using var db = world.Context(scope);
        Assert.Equal(0, await db.Commitments.CountAsync());
        Assert.Equal(0, await db.Indicators.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
        db.Indicators.Add(new Indicator { CommitmentId = world.Drenthe.CommitmentId, Name = "x", Unit = "x" });
        await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
    }

    /// <summary>Names the tables that SELECT statements read from.</summary>
    private sealed class SelectCounter : DbCommandInterceptor
    {
        public List<string> Tables { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            var text = command.CommandText.TrimStart();
            if (text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                var from = System.Text.RegularExpressions.Regex.Match(text, "FROM\\s+\"?(\\w+)\"?", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
                Tables.Add(from.Groups[1].Value);
            }
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}

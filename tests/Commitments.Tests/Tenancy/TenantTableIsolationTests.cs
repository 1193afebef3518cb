using System.Text.Json;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Tenancy;

/// <summary>
/// Every tenant table against every scope that must not write the victim's rows: a partner of another
/// region, the co-partner, the lead of another region, a ministry and no scope at all. Reads must not
/// show the victim's rows (except where the scope may read them); the realistic forgery — an entity
/// attached with the victim's key and the attacker's own parent ids, as an editor of child rows would
/// post it — must be refused for a change and for a delete, leaving the victim's row as it was.
/// The list of tables is written once (<see cref="Cases"/>); a table added to the model without a case
/// fails <see cref="Every_table_of_the_model_is_either_a_case_here_or_known_as_not_tenant_data"/>.
/// </summary>
public sealed class TenantTableIsolationTests(TenancyWorld world) : IClassFixture<TenancyWorld>
{
    private const string ThemesJoin = "CommitmentThemes";

    /// <summary>How an attacker scope is made, and which of the attacker's own rows it forges with.</summary>
    private static readonly Dictionary<string, Func<TenancyWorld, (DataScope Scope, OwnedRows Own, int OwnRegion)>> Scopes = new()
    {
        ["partner of another region"] = w => (DataScope.ForOrganization(w.Limburg.OrganizationId, "partner Limburg"), w.Limburg, w.ZuidRegion),
        ["co-partner"] = w => (DataScope.ForOrganization(w.Groningen.OrganizationId, "co-partner Groningen"), w.Groningen, w.NoordRegion),
        ["lead of another region"] = w => (DataScope.ForRegion(w.ZuidRegion, "lead Zuid"), w.Limburg, w.ZuidRegion),
        ["ministry"] = w => (DataScope.NationalReadOnly("ministry"), w.Limburg, w.ZuidRegion),
        ["no scope"] = _ => (DataScope.None, _.Limburg, _.ZuidRegion),
    };

    private sealed record Case(
        // Rows hanging off the commitment: a co-partner may read them (not write them).
        bool PartOfCommitment,
        Func<CommitmentsDbContext, TenancyWorld, OwnedRows, Task<int>>[] Reads,
        Action<CommitmentsDbContext, TenancyWorld, OwnedRows, (OwnedRows Own, int OwnRegion)> ForgeChange,
        Action<CommitmentsDbContext, TenancyWorld, OwnedRows, (OwnedRows Own, int OwnRegion)> ForgeDelete,
        Func<CommitmentsDbContext, TenancyWorld, OwnedRows, Task<string>> Snapshot);

    private static DbSet<Dictionary<string, object>> Themes(CommitmentsDbContext db) => db.Set<Dictionary<string, object>>(ThemesJoin);

    private static Dictionary<string, object> ThemeRow(int commitmentId, int themeId) =>
        new() { ["CommitmentId"] = commitmentId, ["ThemesId"] = themeId };

    private static string Json(object? value) => JsonSerializer.Serialize(value);

    /// <summary>The tenant tables, each written once. Keys are table names as in the database.</summary>
    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["Commitments"] = new(true,
            [
                (db, _, v) => db.Commitments.CountAsync(c => c.Id == v.CommitmentId),
                (db, _, v) => db.Commitments.CountAsync(c => c.Organization!.Id == v.OrganizationId),
                (db, _, v) => db.Indicators.Where(i => i.Id == v.IndicatorId).Select(i => i.Commitment).CountAsync(c => c != null),
                async (db, _, v) => (await db.ProgressUpdates.Include(u => u.Commitment).Where(u => u.Id == v.ProgressUpdateId).ToListAsync())
                    .Count(u => u.Commitment != null),
            ],
            (db, w, v, a) => db.Update(new Commitment { Id = v.CommitmentId, OrganizationId = a.Own.OrganizationId, ReportingCycleId = w.CycleId, Title = "gekaapt" }),
            (db, w, v, a) => db.Remove(new Commitment { Id = v.CommitmentId, OrganizationId = a.Own.OrganizationId, ReportingCycleId = w.CycleId, Title = "x" }),
            async (db, _, v) => Json(await db.Commitments.IgnoreQueryFilters().Where(c => c.Id == v.CommitmentId)
                .Select(c => new { c.Title, c.OrganizationId, c.Status, c.Version }).SingleOrDefaultAsync())),

        [ThemesJoin] = new(true,
            [
                (db, _, v) => Themes(db).CountAsync(j => EF.Property<int>(j, "CommitmentId") == v.CommitmentId),
                (db, _, v) => db.Commitments.Where(c => c.Id == v.CommitmentId).SelectMany(c => c.Themes).CountAsync(),
                async (db, _, v) => (await db.Commitments.Include(c => c.Themes).Where(c => c.Id == v.CommitmentId).ToListAsync()).Sum(c => c.Themes.Count),
            ],
            (db, w, v, _) => Themes(db).Add(ThemeRow(v.CommitmentId, w.OtherThemeId)),
            (db, w, v, _) => Themes(db).Remove(ThemeRow(v.CommitmentId, w.ThemeId)),
            async (db, _, v) => Json(await Themes(db).IgnoreQueryFilters().Where(j => EF.Property<int>(j, "CommitmentId") == v.CommitmentId)
                .Select(j => EF.Property<int>(j, "ThemesId")).OrderBy(t => t).ToListAsync())),

        ["CommitmentCoPartner"] = new(true,
            [
                (db, _, v) => db.Set<CommitmentCoPartner>().CountAsync(p => p.CommitmentId == v.CommitmentId),
                (db, _, v) => db.Commitments.Where(c => c.Id == v.CommitmentId).SelectMany(c => c.CoPartners).CountAsync(),
                async (db, _, v) => (await db.Commitments.Include(c => c.CoPartners).Where(c => c.Id == v.CommitmentId).ToListAsync()).Sum(c => c.CoPartners.Count),
            ],
            // Adding itself as co-partner would let the attacker read the commitment.
            (db, _, v, a) => db.Add(new CommitmentCoPartner { CommitmentId = v.CommitmentId, OrganizationId = a.Own.OrganizationId }),
            (db, w, v, _) => db.Remove(new CommitmentCoPartner { CommitmentId = v.CommitmentId, OrganizationId = w.Groningen.OrganizationId }),
            async (db, _, v) => Json(await db.Set<CommitmentCoPartner>().IgnoreQueryFilters().Where(p => p.CommitmentId == v.CommitmentId)
                .Select(p => p.OrganizationId).OrderBy(o => o).ToListAsync())),

        ["Indicators"] = new(true,
            [
                (db, _, v) => db.Indicators.CountAsync(i => i.Id == v.IndicatorId),
                (db, _, v) => db.Indicators.CountAsync(i => i.Commitment!.OrganizationId == v.OrganizationId),
                async (db, _, v) => (await db.Commitments.Include(c => c.Indicators).ToListAsync()).SelectMany(c => c.Indicators).Count(i => i.Id == v.IndicatorId),
            ],
            (db, _, v, a) => db.Update(new Indicator { Id = v.IndicatorId, CommitmentId = a.Own.CommitmentId, Name = "gekaapt", Unit = "x", Target = 1 }),
            (db, _, v, a) => db.Remove(new Indicator { Id = v.IndicatorId, CommitmentId = a.Own.CommitmentId, Name = "x", Unit = "x" }),
            async (db, _, v) => Json(await db.Indicators.IgnoreQueryFilters().Where(i => i.Id == v.IndicatorId)
                .Select(i => new { i.Name, i.Unit, i.CommitmentId, i.Target }).SingleOrDefaultAsync())),

        ["ProgressUpdates"] = new(true,
            [
                (db, _, v) => db.ProgressUpdates.CountAsync(u => u.Id == v.ProgressUpdateId),
                (db, _, v) => db.ProgressUpdates.CountAsync(u => u.Commitment!.OrganizationId == v.OrganizationId),
                async (db, _, v) => (await db.Commitments.Include(c => c.ProgressUpdates).ToListAsync()).SelectMany(c => c.ProgressUpdates).Count(u => u.Id == v.ProgressUpdateId),
            ],
            (db, w, v, a) => db.Update(new ProgressUpdate { Id = v.ProgressUpdateId, CommitmentId = a.Own.CommitmentId, ReportingCycleId = w.CycleId, Narrative = "gekaapt" }),
            (db, w, v, a) => db.Remove(new ProgressUpdate { Id = v.ProgressUpdateId, CommitmentId = a.Own.CommitmentId, ReportingCycleId = w.CycleId }),
            async (db, _, v) => Json(await db.ProgressUpdates.IgnoreQueryFilters().Where(u => u.Id == v.ProgressUpdateId)
                .Select(u => new { u.Narrative, u.CommitmentId, u.Status, u.Version }).SingleOrDefaultAsync())),

        ["IndicatorValues"] = new(true,
            [
                (db, _, v) => db.IndicatorValues.CountAsync(x => x.ProgressUpdateId == v.ProgressUpdateId),
                (db, _, v) => db.IndicatorValues.CountAsync(x => x.Indicator!.Id == v.IndicatorId),
                async (db, _, v) => (await db.ProgressUpdates.Include(u => u.Values).ToListAsync()).SelectMany(u => u.Values).Count(x => x.IndicatorId == v.IndicatorId),
            ],
            // The key is the parents: the forgery can only aim at the victim's update and indicator.
            (db, _, v, _) => db.Update(new IndicatorValue { ProgressUpdateId = v.ProgressUpdateId, IndicatorId = v.IndicatorId, Value = 999 }),
            (db, _, v, _) => db.Remove(new IndicatorValue { ProgressUpdateId = v.ProgressUpdateId, IndicatorId = v.IndicatorId }),
            async (db, _, v) => Json(await db.IndicatorValues.IgnoreQueryFilters().Where(x => x.ProgressUpdateId == v.ProgressUpdateId)
                .Select(x => new { x.IndicatorId, x.Value }).ToListAsync())),

        ["ProgressEvidence"] = new(true,
            [
                (db, _, v) => db.ProgressEvidence.CountAsync(e => e.Id == v.EvidenceId),
                (db, _, v) => db.ProgressEvidence.CountAsync(e => e.ProgressUpdate!.CommitmentId == v.CommitmentId),
                async (db, _, v) => (await db.ProgressUpdates.Include(u => u.Evidence).ToListAsync()).SelectMany(u => u.Evidence).Count(e => e.Id == v.EvidenceId),
            ],
            (db, _, v, a) => db.Update(new ProgressEvidence { Id = v.EvidenceId, ProgressUpdateId = a.Own.ProgressUpdateId, Url = "https://aanvaller.example/" }),
            (db, _, v, a) => db.Remove(new ProgressEvidence { Id = v.EvidenceId, ProgressUpdateId = a.Own.ProgressUpdateId }),
            async (db, _, v) => Json(await db.ProgressEvidence.IgnoreQueryFilters().Where(e => e.Id == v.EvidenceId)
                .Select(e => new { e.Url, e.ProgressUpdateId }).SingleOrDefaultAsync())),

        ["Reviews"] = new(true,
            [
                (db, _, v) => db.Reviews.CountAsync(r => r.Id == v.ReviewId),
                (db, _, v) => db.Reviews.CountAsync(r => r.ProgressUpdate!.Id == v.ProgressUpdateId),
                async (db, _, v) => (await db.Commitments.Include(c => c.Reviews).ToListAsync()).SelectMany(c => c.Reviews).Count(r => r.Id == v.ReviewId),
            ],
            (db, w, v, a) => db.Update(new Review { Id = v.ReviewId, CommitmentId = a.Own.CommitmentId, ProgressUpdateId = a.Own.ProgressUpdateId, ReviewerUserId = w.ReviewerId, Comment = "gekaapt" }),
            (db, w, v, a) => db.Remove(new Review { Id = v.ReviewId, CommitmentId = a.Own.CommitmentId, ReviewerUserId = w.ReviewerId }),
            async (db, _, v) => Json(await db.Reviews.IgnoreQueryFilters().Where(r => r.Id == v.ReviewId)
                .Select(r => new { r.Comment, r.CommitmentId, r.ProgressUpdateId, r.Decision }).SingleOrDefaultAsync())),

        ["ReminderLogs"] = new(true,
            [
                (db, _, v) => db.ReminderLogs.CountAsync(l => l.Id == v.ReminderLogId),
                (db, _, v) => db.ReminderLogs.CountAsync(l => l.Commitment!.OrganizationId == v.OrganizationId),
                async (db, _, v) => (await db.ReminderLogs.Include(l => l.Commitment).Where(l => l.Id == v.ReminderLogId).ToListAsync()).Count,
            ],
            (db, w, v, a) => db.Update(new ReminderLog { Id = v.ReminderLogId, CommitmentId = a.Own.CommitmentId, ReportingCycleId = w.CycleId, Recipient = "gekaapt@test" }),
            (db, w, v, a) => db.Remove(new ReminderLog { Id = v.ReminderLogId, CommitmentId = a.Own.CommitmentId, ReportingCycleId = w.CycleId, Recipient = "x" }),
            async (db, _, v) => Json(await db.ReminderLogs.IgnoreQueryFilters().Where(l => l.Id == v.ReminderLogId)
                .Select(l => new { l.Recipient, l.CommitmentId, l.Kind }).SingleOrDefaultAsync())),

        ["Invitations"] = new(false,
            [
                (db, _, v) => db.Invitations.CountAsync(i => i.Id == v.InvitationId),
                (db, _, v) => db.Invitations.CountAsync(i => i.Organization!.Id == v.OrganizationId),
                async (db, _, v) => (await db.Invitations.Include(i => i.Organization).Where(i => i.Id == v.InvitationId).ToListAsync()).Count,
            ],
            (db, w, v, a) => db.Update(new Invitation { Id = v.InvitationId, OrganizationId = a.Own.OrganizationId, Email = "aanvaller@test", Role = Roles.Partner, TokenHash = "x", InvitedByUserId = w.ReviewerId }),
            (db, w, v, a) => db.Remove(new Invitation { Id = v.InvitationId, OrganizationId = a.Own.OrganizationId, Email = "x", Role = Roles.Partner, TokenHash = "x", InvitedByUserId = w.ReviewerId }),
            async (db, _, v) => Json(await db.Invitations.IgnoreQueryFilters().Where(i => i.Id == v.InvitationId)
                .Select(i => new { i.Email, i.OrganizationId, i.TokenHash }).SingleOrDefaultAsync())),

        ["AuditEntries"] = new(false,
            [
                (db, _, v) => db.AuditEntries.CountAsync(e => e.Id == v.AuditEntryId),
                (db, _, v) => db.AuditEntries.CountAsync(e => e.OrganizationId == v.OrganizationId),
                (db, _, v) => db.AuditEntries.CountAsync(e => e.EntityId == v.CommitmentId.ToString()),
            ],
            (db, _, v, a) => db.Update(new AuditEntry { Id = v.AuditEntryId, OrganizationId = a.Own.OrganizationId, Action = "gekaapt", EntityType = "x" }),
            (db, _, v, a) => db.Remove(new AuditEntry { Id = v.AuditEntryId, OrganizationId = a.Own.OrganizationId, Action = "x", EntityType = "x" }),
            async (db, _, v) => Json(await db.AuditEntries.IgnoreQueryFilters().Where(e => e.Id == v.AuditEntryId)
                .Select(e => new { e.Action, e.OrganizationId, e.Details }).SingleOrDefaultAsync())),

        ["AnnualReports"] = new(false,
            [
                (db, w, _) => db.AnnualReports.CountAsync(r => r.Id == w.NoordReportId),
                (db, w, _) => db.AnnualReports.CountAsync(r => r.Region!.Code == "noord"),
                async (db, w, _) => (await db.AnnualReports.Include(r => r.Region).Where(r => r.Id == w.NoordReportId).ToListAsync()).Count,
            ],
            (db, w, _, a) => db.Update(new AnnualReport { Id = w.NoordReportId, RegionId = a.OwnRegion, ReportingCycleId = w.CycleId, FileName = "vervalst.xlsx", Content = [0], Sha256 = "00" }),
            (db, w, _, a) => db.Remove(new AnnualReport { Id = w.NoordReportId, RegionId = a.OwnRegion, ReportingCycleId = w.CycleId, FileName = "x", Content = [0], Sha256 = "00" }),
            async (db, w, _) => Json(await db.AnnualReports.IgnoreQueryFilters().Where(r => r.Id == w.NoordReportId)
                .Select(r => new { r.FileName, r.RegionId, r.Sha256, r.Content }).SingleOrDefaultAsync())),

        // A report run is owned by value (its organisation or region), like a frozen report; written only
        // by its job and by the request in a widened scope, so every scope here is refused.
        ["ReportRuns"] = new(false,
            [
                (db, _, v) => db.ReportRuns.CountAsync(r => r.Id == v.ReportRunId),
                (db, _, v) => db.ReportRuns.CountAsync(r => r.OrganizationId == v.OrganizationId),
                async (db, _, v) => (await db.ReportRuns.Include(r => r.ReportingCycle).Where(r => r.Id == v.ReportRunId).ToListAsync()).Count,
            ],
            (db, w, v, a) => db.Update(new ReportRun
            {
                Id = v.ReportRunId, RequestedByUserId = w.ReviewerId, Scope = ReportRunScope.Organization, OrganizationId = a.Own.OrganizationId,
                ReportingCycleId = w.CycleId, State = ReportRunState.Ready, FileName = "vervalst.xlsx", Content = [0],
            }),
            (db, w, v, a) => db.Remove(new ReportRun { Id = v.ReportRunId, RequestedByUserId = w.ReviewerId, OrganizationId = a.Own.OrganizationId, ReportingCycleId = w.CycleId }),
            async (db, _, v) => Json(await db.ReportRuns.IgnoreQueryFilters().Where(r => r.Id == v.ReportRunId)
                .Select(r => new { r.FileName, r.OrganizationId, r.Content, r.State, r.RequestedByUserId }).SingleOrDefaultAsync())),
    };

    /// <summary>Tables that are not tenant data, each for a reason: reference data, identity, infrastructure.</summary>
    private static readonly HashSet<string> NotTenantData =
    [
        "Regions", "Provinces", "Themes", "ReportingCycles", "ReportingCycleThemes", "Organizations", // administrator's reference data
        "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "AspNetUserClaims", "AspNetRoleClaims", "AspNetUserLogins",
        "AspNetUserTokens", "AspNetUserPasskeys", // Identity; tenancy fields guarded separately (GuardRuleTests)
        "OutboxMessages", "DataProtectionKeys", "DigestLogs", // infrastructure (a digest names no organisation's data)
        "DataVersions", // one counter of saves for the dashboards' cache (ADR-0022): names no one's data
    ];

    public static TheoryData<string, string> TablesAndScopes()
    {
        var data = new TheoryData<string, string>();
        foreach (var table in Cases.Keys)
        {
            foreach (var scope in Scopes.Keys)
            {
                data.Add(table, scope);
            }
        }
        return data;
    }

    [Fact]
    public async Task Every_table_of_the_model_is_either_a_case_here_or_known_as_not_tenant_data()
    {
        await using var db = world.Admin();
        var tables = db.Model.GetEntityTypes().Where(t => t.GetTableName() != null).Select(t => t.GetTableName()!).ToHashSet();
        var unclassified = tables.Where(t => !Cases.ContainsKey(t) && !NotTenantData.Contains(t)).ToList();
        Assert.True(unclassified.Count == 0, "Tables without a tenancy case: " + string.Join(", ", unclassified));
        // What the guard finds through the foreign keys is covered here; the others are owned by value.
        var uncovered = db.TenantTables().Where(t => !Cases.ContainsKey(t)).ToList();
        Assert.True(uncovered.Count == 0, "Tenant tables without a case: " + string.Join(", ", uncovered));
        Assert.Equal(["AnnualReports", "AuditEntries", "ReportRuns"], Cases.Keys.Except(db.TenantTables()).Order());
    }

    [Theory]
    [MemberData(nameof(TablesAndScopes))]
    public async Task Reads_show_the_victims_rows_only_to_scopes_that_may_read_them(string table, string scopeName)
    {
        var (scope, _, _) = Scopes[scopeName](world);
        var c = Cases[table];
        var mayRead = scopeName == "ministry" || (scopeName == "co-partner" && c.PartOfCommitment);
        await using var db = world.Context(scope);
        for (var i = 0; i < c.Reads.Length; i++)
        {
            var seen = await c.Reads[i](db, world, world.Drenthe);
            if (mayRead)
            {
                Assert.True(seen > 0, $"{scopeName} should read {table} (read path {i}).");
            }
            else
            {
                Assert.True(seen == 0, $"{scopeName} must not see the victim's {table} (read path {i}), saw {seen}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TablesAndScopes))]
    public async Task A_forged_change_is_refused_and_the_victims_row_is_unchanged(string table, string scopeName) =>
        await AssertRefused(table, scopeName, Cases[table].ForgeChange);

    [Theory]
    [MemberData(nameof(TablesAndScopes))]
    public async Task A_forged_delete_is_refused_and_the_victims_row_is_unchanged(string table, string scopeName) =>
        await AssertRefused(table, scopeName, Cases[table].ForgeDelete);

    private async Task AssertRefused(string table, string scopeName,
        Action<CommitmentsDbContext, TenancyWorld, OwnedRows, (OwnedRows Own, int OwnRegion)> forge)
    {
        var (scope, own, ownRegion) = Scopes[scopeName](world);
        var c = Cases[table];
        string before;
        await using (var admin = world.Admin())
        {
            before = await c.Snapshot(admin, world, world.Drenthe);
        }
        Assert.NotEqual("null", before);

        await using (var attacker = world.Context(scope))
        {
            forge(attacker, world, world.Drenthe, (own, ownRegion));
            var refused = await Assert.ThrowsAsync<DataScopeViolationException>(() => attacker.SaveChangesAsync());
            // The message names the table and the scope, for the log of whoever investigates.
            Assert.Contains(scope.Description, refused.Message);
            Assert.Contains($"table {table} ", refused.Message);
        }

        await using (var admin = world.Admin())
        {
            Assert.Equal(before, await c.Snapshot(admin, world, world.Drenthe));
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PrivacyGuard.EntityFrameworkCore.Migrations.Sqlite
{
    /// <summary>
    /// Replaces the unused first draft of <c>access_events</c> (one global sequence, binary hashes) by chained events
    /// (chain, sequence, key id, hex hashes) and adds <c>access_log_heads</c>. The draft table was never written to.
    /// </summary>
    public partial class AccessLogChains : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_events");

            migrationBuilder.CreateTable(
                name: "access_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    chain = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    key_id = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    resource = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    subject_token = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    categories = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    client_address = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    count = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    previous_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "access_log_heads",
                columns: table => new
                {
                    chain = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    key_id = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    last_sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    last_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    mac = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_log_heads", x => x.chain);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_events_chain_sequence",
                table: "access_events",
                columns: new[] { "chain", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_access_events_occurred_at",
                table: "access_events",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "IX_access_events_subject_token",
                table: "access_events",
                column: "subject_token");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_log_heads");

            migrationBuilder.DropTable(
                name: "access_events");

            migrationBuilder.CreateTable(
                name: "access_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    timestamp = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject_token = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    categories = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    operation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    client_address = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    previous_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_events", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_events_sequence",
                table: "access_events",
                column: "sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_access_events_subject_token",
                table: "access_events",
                column: "subject_token");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PrivacyGuard.EntityFrameworkCore.Migrations.PostgreSql
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
                name: "access_events",
                schema: Schema);

            migrationBuilder.CreateTable(
                name: "access_events",
                schema: Schema,
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    chain = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    key_id = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    resource = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    subject_token = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    categories = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    client_address = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    previous_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "access_log_heads",
                schema: Schema,
                columns: table => new
                {
                    chain = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    key_id = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false),
                    last_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    mac = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_log_heads", x => x.chain);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_events_chain_sequence",
                schema: Schema,
                table: "access_events",
                columns: new[] { "chain", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_access_events_occurred_at",
                schema: Schema,
                table: "access_events",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "IX_access_events_subject_token",
                schema: Schema,
                table: "access_events",
                column: "subject_token");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_log_heads",
                schema: Schema);

            migrationBuilder.DropTable(
                name: "access_events",
                schema: Schema);

            migrationBuilder.CreateTable(
                name: "access_events",
                schema: Schema,
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_token = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    categories = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    operation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    client_address = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    previous_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_events", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_events_sequence",
                schema: Schema,
                table: "access_events",
                column: "sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_access_events_subject_token",
                schema: Schema,
                table: "access_events",
                column: "subject_token");
        }
    }
}
